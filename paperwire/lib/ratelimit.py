"""Fixed-window rate limits shared by every web process, answered with HTTP 429.

Views call ``check_rate_limit(request, "upvote", limit=60, period=60)``; when
the limit is passed it raises :class:`RateLimited`, which the middleware turns
into a 429 page (or JSON for ``/api/``) with a ``Retry-After`` header. The key
is the signed-in user, else the client address (:mod:`paperwire.lib.client_ip`;
an IPv6 client counts by its /64, which one household or host gets whole).

The counters live where every process sees them (``RATELIMIT_STORE``): in the
Redis cache when there is one, otherwise in a database table, so that
``serve --prod --workers N`` allows ``limit`` hits, not ``N × limit``.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from paperwire.lib.client_ip import client_ip, parse_address
from paperwire.lib.models import RateLimitCounter
from paperwire.lib.request_hints import wants_json

# Expired counter rows are deleted by about one hit in this many.
PRUNE_ONE_IN = 200
IPV6_PREFIX = 64


class RateLimited(Exception):
    def __init__(self, scope: str, retry_after: int) -> None:
        super().__init__(f"rate limit for {scope} exceeded")
        self.scope = scope
        self.retry_after = retry_after


def address_key(request: HttpRequest) -> str:
    """The client's address as a limit key; an IPv6 address stands for its /64."""
    text = client_ip(request)
    address = parse_address(text)
    if isinstance(address, ipaddress.IPv6Address):
        return f"ip:{ipaddress.IPv6Network((address, IPV6_PREFIX), strict=False).network_address}/{IPV6_PREFIX}"
    return f"ip:{text}"


def client_key(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return address_key(request)


@dataclass(frozen=True)
class Hit:
    """One counted hit; :meth:`refund` takes it back (e.g. a log-in that succeeded)."""

    bucket: str
    window: int
    period: int

    def refund(self) -> None:
        if not settings.RATELIMIT_ENABLED:
            return
        if settings.RATELIMIT_STORE == "cache":
            try:
                cache.decr(f"rl:{self.bucket}:{self.window}")
            except ValueError:  # the window is over: nothing to take back
                pass
            return
        RateLimitCounter.objects.filter(bucket=self.bucket, window_number=self.window, hits__gt=0).update(
            hits=F("hits") - 1
        )


def _bucket(scope: str, key: str) -> str:
    bucket = f"{scope}:{key}"
    if len(bucket) > 200:  # the column's length; keys are short, but callers may pass their own
        bucket = f"{scope[:100]}:sha256:{hashlib.sha256(key.encode()).hexdigest()}"
    return bucket


def _count_in_cache(bucket: str, window: int, period: int) -> int:
    cache_key = f"rl:{bucket}:{window}"
    # add() then incr() is atomic on both locmem and Redis caches.
    cache.add(cache_key, 0, timeout=period + 1)
    try:
        return int(cache.incr(cache_key))
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=period + 1)
        return 1


def _count_in_database(bucket: str, window: int, period: int) -> int:
    table = connection.ops.quote_name(RateLimitCounter._meta.db_table)
    now = int(time.time())
    # One statement: the row is created, moved to the new window or
    # incremented atomically on SQLite (≥ 3.35) and PostgreSQL alike.
    sql = (
        f"INSERT INTO {table} (bucket, window_number, hits, expires_at) VALUES (%s, %s, 1, %s) "  # noqa: S608
        f"ON CONFLICT (bucket) DO UPDATE SET "
        f"hits = CASE WHEN {table}.window_number = excluded.window_number THEN {table}.hits + 1 ELSE 1 END, "
        f"window_number = excluded.window_number, expires_at = excluded.expires_at "
        f"RETURNING hits"
    )
    params: list[int | str] = [bucket, window, (window + 1) * period + 1]
    own_transaction = not connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        if own_transaction and connection.vendor == "postgresql":
            # A counter lost in a crash costs nothing; waiting for the WAL
            # flush on every counted request would. Only in our own
            # transaction, never weakening the caller's.
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        cursor.execute(sql, params)
        row = cursor.fetchone()
        if random.randrange(PRUNE_ONE_IN) == 0:
            cursor.execute(f"DELETE FROM {table} WHERE expires_at < %s", [now])  # noqa: S608
    return int(row[0])


def check_rate_limit(request: HttpRequest, scope: str, *, limit: int, period: int, key: str | None = None) -> Hit:
    """Count one hit for ``scope``; raise RateLimited past ``limit`` per ``period`` seconds."""
    window = int(time.time() // period)
    hit = Hit(_bucket(scope, key or client_key(request)), window, period)
    if not settings.RATELIMIT_ENABLED:
        return hit
    if settings.RATELIMIT_STORE == "cache":
        hits = _count_in_cache(hit.bucket, window, period)
    else:
        hits = _count_in_database(hit.bucket, window, period)
    if hits > limit:
        retry_after = max(1, int(period - (time.time() % period)))
        raise RateLimited(scope, retry_after)
    return hit


class RateLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, RateLimited):
            return None
        message = f"Too many requests ({exception.scope}). Please wait {exception.retry_after} seconds and try again."
        if request.path.startswith("/api/") or wants_json(request):
            response = HttpResponse(
                json.dumps({"error": "rate_limited", "detail": message}),
                status=429,
                content_type="application/json",
            )
        else:
            response = HttpResponse(render_to_string("429.html", {"message": message}, request=request), status=429)
        response["Retry-After"] = str(exception.retry_after)
        return response
