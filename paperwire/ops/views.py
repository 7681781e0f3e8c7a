"""Health endpoint for load balancers and monitoring."""

from __future__ import annotations

import time
from typing import Any

from django.db import connection
from django.http import HttpRequest, JsonResponse
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
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)
