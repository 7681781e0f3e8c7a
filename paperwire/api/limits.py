"""The API's rate limits, per client (signed-in user, else address) and per minute."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from paperwire.lib.ratelimit import check_rate_limit


def rate_limit_read(request: HttpRequest) -> None:
    """One read; PAPERWIRE_API_READ_RATE_LIMIT per minute, shared by every read endpoint."""
    check_rate_limit(request, "api-read", limit=settings.API_READ_RATE_LIMIT, period=60)


def rate_limit_write(request: HttpRequest, scope: str) -> None:
    """One write of kind ``scope`` (upvote, comment, ...); PAPERWIRE_API_WRITE_RATE_LIMIT per minute each."""
    check_rate_limit(request, f"api-{scope}", limit=settings.API_WRITE_RATE_LIMIT, period=60)
