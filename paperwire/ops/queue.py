"""How many tasks wait for a worker, whichever task backend is configured."""

from __future__ import annotations

import django_rq
from django.conf import settings
from django.db.models import Count
from django_tasks_db.models import DBTaskResult

from paperwire.ops.work_classes import QUEUES_IN_ORDER


def queue_depths() -> dict[str, float]:
    """Tasks ready to run per work class (queue); empty for a backend without a queue (tasks run at once)."""
    if settings.REDIS_URL:
        return {name: float(django_rq.get_queue(name).count) for name in QUEUES_IN_ORDER}
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return {}
    waiting = dict.fromkeys(QUEUES_IN_ORDER, 0.0)
    for name, count in DBTaskResult.objects.ready().values_list("queue_name").annotate(n=Count("id")):
        waiting[name] = float(count)
    return waiting


def queue_depth() -> float:
    """Tasks ready to run, every class together."""
    return sum(queue_depths().values())
