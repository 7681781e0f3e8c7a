"""Health endpoint for load balancers and monitoring."""

from __future__ import annotations

import hmac
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from paperwire.lib.loopback import is_loopback_peer
from paperwire.ops.heartbeat import last_heartbeat
from paperwire.ops.metrics import render_metrics
from paperwire.ops.queue import queue_depth


def _check_cache() -> dict[str, Any]:
    try:
        cache.set("paperwire:healthz", "ok", timeout=10)
        return {"ok": cache.get("paperwire:healthz") == "ok", "backend": type(cache).__name__}
    except Exception as exc:  # e.g. Redis down
        return {"ok": False, "error": str(exc)}


def _check_queue() -> dict[str, Any]:
    try:
        return {"ok": True, "depth": int(queue_depth())}
    except Exception as exc:  # e.g. Redis down
        return {"ok": False, "error": str(exc)}


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks: dict[str, Any] = {}
    healthy = True
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = {
            "ok": True,
            "vendor": connection.vendor,
            "ms": round((time.monotonic() - started) * 1000, 1),
        }
    except Exception as exc:  # any driver error means unhealthy, and says why
        healthy = False
        checks["database"] = {"ok": False, "error": str(exc)}
    if healthy:
        checks["cache"] = _check_cache()
        healthy = healthy and checks["cache"]["ok"]
        checks["queue"] = _check_queue()
        healthy = healthy and checks["queue"]["ok"]
        beat = last_heartbeat()
        age = None if beat is None else round((timezone.now() - beat).total_seconds())
        # A stale heartbeat is reported, not fatal: the web can serve without workers.
        checks["worker"] = {"ok": age is not None and age < 300, "last_heartbeat_age_s": age}
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)


def _may_scrape(request: HttpRequest) -> bool:
    """Metrics name routes, queue depths and traffic: not for the public internet."""
    token: str | None = settings.METRICS_TOKEN
    if token is None:
        return is_loopback_peer(request)
    scheme, _, offered = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(offered.strip().encode(), token.encode())


@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not _may_scrape(request):
        if settings.METRICS_TOKEN is None:
            why = "/metrics answers only this machine; set PAPERWIRE_METRICS_TOKEN to scrape it over the network.\n"
            return HttpResponse(why, status=403, content_type="text/plain; charset=utf-8")
        refused = HttpResponse("/metrics needs Authorization: Bearer <PAPERWIRE_METRICS_TOKEN>.\n", status=401)
        refused["WWW-Authenticate"] = 'Bearer realm="metrics"'
        refused["Content-Type"] = "text/plain; charset=utf-8"
        return refused
    return HttpResponse(render_metrics(), content_type="text/plain; version=0.0.4; charset=utf-8")
