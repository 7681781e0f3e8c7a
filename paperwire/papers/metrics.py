"""The papers app's gauges on /metrics."""

from __future__ import annotations

from paperwire.ops.metrics import register_gauge
from paperwire.papers.models import Paper


def papers_total() -> float:
    return float(Paper.objects.count())


def register_metrics() -> None:
    register_gauge("paperwire_papers_total", "Papers in the catalogue (ingest progress).", papers_total)
