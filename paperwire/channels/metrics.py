"""The channels app's gauges on /metrics."""

from __future__ import annotations

from django.db.models import Count

from paperwire.channels.models import ChannelDelivery
from paperwire.ops.metrics import register_gauge


def channel_deliveries() -> dict[str, float]:
    rows = ChannelDelivery.objects.values("status").annotate(n=Count("id"))
    return {row["status"]: float(row["n"]) for row in rows}


def register_metrics() -> None:
    register_gauge(
        "paperwire_channel_deliveries",
        "Chat channel deliveries by status (sent, retrying, failed, …).",
        channel_deliveries,
        "status",
    )
