"""Gauges every deployment has: queue, catalogue, digest deliveries, index lag."""

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


def digest_deliveries() -> dict[str, float]:
    from django.db.models import Count

    from paperwire.digests.models import Delivery

    rows = Delivery.objects.values("status").annotate(n=Count("id"))
    return {row["status"]: float(row["n"]) for row in rows}


def index_lag() -> float:
    from paperwire.search.indexing import pending_count

    return float(pending_count())


def register() -> None:
    register_gauge("paperwire_task_queue_depth", "Tasks waiting for a worker.", queue_depth)
    register_gauge("paperwire_papers_total", "Papers in the catalogue (ingest progress).", papers_total)
    register_gauge(
        "paperwire_digest_deliveries", "Digest deliveries by status (sent, failed, …).", digest_deliveries, "status"
    )
    register_gauge("paperwire_search_index_lag", "Visible papers still waiting for a vector.", index_lag)
