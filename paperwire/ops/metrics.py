"""Prometheus metrics at /metrics.

Request latency is a histogram updated by :class:`RequestMetricsMiddleware`.
Under gunicorn with several processes, ``paperwire serve`` points
``PROMETHEUS_MULTIPROC_DIR`` at a fresh folder so every process's samples
are summed at scrape time (prometheus_client's multiprocess mode).

Everything that lives in the database (queue depth, digests sent and
failed, papers waiting for the vector index, papers imported) is read at
scrape time by :class:`DatabaseCollector`, so numbers agree across
processes. ops knows none of those apps: each one registers its own gauges
with :func:`register_gauge` in its ``AppConfig.ready`` (from its own
``metrics.py``), and this module only collects them.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from prometheus_client import CollectorRegistry, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

logger = logging.getLogger(__name__)

REQUEST_LATENCY = Histogram(
    "paperwire_http_request_duration_seconds",
    "Time to answer an HTTP request, by route and status class.",
    ["route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)


@dataclass(frozen=True)
class GaugeProvider:
    name: str
    documentation: str
    read: Callable[[], float | dict[str, float]]
    label: str = ""


_PROVIDERS: dict[str, GaugeProvider] = {}


def register_gauge(
    name: str, documentation: str, read: Callable[[], float | dict[str, float]], label: str = ""
) -> None:
    """Expose ``read()`` as gauge ``name``; a dict result becomes one sample per ``label`` value."""
    _PROVIDERS[name] = GaugeProvider(name, documentation, read, label)


class DatabaseCollector(Collector):
    def collect(self) -> Iterator[GaugeMetricFamily]:
        for provider in sorted(_PROVIDERS.values(), key=lambda p: p.name):
            try:
                value = provider.read()
            except Exception:  # one broken provider must not hide the others
                logger.exception("metrics provider %s failed", provider.name)
                continue
            if isinstance(value, dict):
                family = GaugeMetricFamily(provider.name, provider.documentation, labels=[provider.label])
                for label_value, number in sorted(value.items()):
                    family.add_metric([label_value], float(number))
            else:
                family = GaugeMetricFamily(provider.name, provider.documentation, value=float(value))
            yield family


def render_metrics() -> bytes:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(REQUEST_LATENCY)
    registry.register(DatabaseCollector())
    return generate_latest(registry)


class RequestMetricsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        # The route pattern, not the URL, keeps the label set small.
        route = match.route if match is not None and match.route else "unmatched"
        REQUEST_LATENCY.labels(route=route[:80], status=f"{response.status_code // 100}xx").observe(
            time.perf_counter() - started
        )
        return response
