"""Health endpoint for load balancers and monitoring."""

from __future__ import annotations

import time
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET


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
        from django.utils import timezone

        from paperwire.ops.heartbeat import last_heartbeat

        beat = last_heartbeat()
        age = None if beat is None else round((timezone.now() - beat).total_seconds())
        # A stale heartbeat is reported, not fatal: the web can serve without workers.
        checks["worker"] = {"ok": age is not None and age < 300, "last_heartbeat_age_s": age}
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)


@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    from paperwire.ops.metrics import render_metrics

    return HttpResponse(render_metrics(), content_type="text/plain; version=0.0.4; charset=utf-8")
