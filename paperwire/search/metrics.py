"""The search app's gauges on /metrics."""

from __future__ import annotations

from paperwire.ops.metrics import register_gauge
from paperwire.search.indexing import pending_count


def index_lag() -> float:
    return float(pending_count())


def register_metrics() -> None:
    register_gauge("paperwire_search_index_lag", "Visible papers still waiting for a vector.", index_lag)
