"""The digests app's gauges on /metrics."""

from __future__ import annotations

from django.db.models import Count

from paperwire.digests.models import Delivery
from paperwire.ops.metrics import register_gauge


def digest_deliveries() -> dict[str, float]:
    rows = Delivery.objects.values("status").annotate(n=Count("id"))
    return {row["status"]: float(row["n"]) for row in rows}


def register_metrics() -> None:
    register_gauge(
        "paperwire_digest_deliveries", "Digest deliveries by status (sent, failed, …).", digest_deliveries, "status"
    )
