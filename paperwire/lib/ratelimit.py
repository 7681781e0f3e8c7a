"""Fixed-window rate limits on the cache, answered with HTTP 429.

Views call ``check_rate_limit(request, "upvote", limit=60, period=60)``; when
the limit is passed it raises :class:`RateLimited`, which the middleware turns
into a 429 page (or JSON for ``/api/``) with a ``Retry-After`` header. The key
is the signed-in user, else the client address.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


class RateLimited(Exception):
    def __init__(self, scope: str, retry_after: int) -> None:
        super().__init__(f"rate limit for {scope} exceeded")
        self.scope = scope
        self.retry_after = retry_after


def client_key(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{request.META.get('REMOTE_ADDR', 'unknown')}"


def check_rate_limit(request: HttpRequest, scope: str, *, limit: int, period: int, key: str | None = None) -> None:
    """Count one hit for ``scope``; raise RateLimited past ``limit`` per ``period`` seconds."""
    if not settings.RATELIMIT_ENABLED:
        return
    window = int(time.time() // period)
    cache_key = f"rl:{scope}:{key or client_key(request)}:{window}"
    # add() then incr() is atomic on both locmem and Redis caches.
    cache.add(cache_key, 0, timeout=period + 1)
    try:
        hits = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=period + 1)
        hits = 1
    if hits > limit:
        retry_after = max(1, int(period - (time.time() % period)))
        raise RateLimited(scope, retry_after)


class RateLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, RateLimited):
            return None
        message = f"Too many requests ({exception.scope}). Please wait {exception.retry_after} seconds and try again."
        if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
            response = HttpResponse(
                json.dumps({"error": "rate_limited", "detail": message}),
                status=429,
                content_type="application/json",
            )
        else:
            response = HttpResponse(render_to_string("429.html", {"message": message}, request=request), status=429)
        response["Retry-After"] = str(exception.retry_after)
        return response
