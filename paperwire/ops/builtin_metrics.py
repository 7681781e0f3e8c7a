"""Gauges every deployment has: the task queue and the catalogue."""

from __future__ import annotations

from django.conf import settings

from paperwire.ops.metrics import register_gauge


def queue_depth() -> float:
    if settings.REDIS_URL:
        import django_rq

        return float(django_rq.get_queue("default").count)
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return 0.0
    from django_tasks_db.models import DBTaskResult

    return float(DBTaskResult.objects.ready().count())


def papers_total() -> float:
    from paperwire.papers.models import Paper

    return float(Paper.objects.count())


def register() -> None:
    register_gauge("paperwire_task_queue_depth", "Tasks waiting for a worker.", queue_depth)
    register_gauge("paperwire_papers_total", "Papers in the catalogue (ingest progress).", papers_total)
