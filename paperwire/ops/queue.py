"""How many tasks wait for a worker, whichever task backend is configured."""

from __future__ import annotations

import django_rq
from django.conf import settings
from django_tasks_db.models import DBTaskResult


def queue_depth() -> float:
    """Tasks ready to run; 0 for a backend without a queue (tasks run immediately)."""
    if settings.REDIS_URL:
        return float(django_rq.get_queue("default").count)
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return 0.0
    return float(DBTaskResult.objects.ready().count())
