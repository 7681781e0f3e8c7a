"""A few seconds of caching for the busiest public reads (daily lists, search).

Scripts and dashboards poll the same lists over and over; answering a repeat
from the cache costs a fraction of building 50 papers again (bench/api_load.py
measures both). The answer may lag by at most ``PAPERWIRE_API_CACHE_SECONDS``
(default 10; 0 turns caching off): an upvote or a moderator hiding a paper
shows in the API's lists that much later, and at once everywhere else.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from pydantic import TypeAdapter


def json_response(
    request: HttpRequest, adapter: TypeAdapter[Any], build: Callable[[], Any], *, by_alias: bool, exclude_none: bool
) -> HttpResponse:
    """``build()`` validated by ``adapter`` as JSON, from the cache when the same URL was answered lately."""
    seconds: int = settings.API_CACHE_SECONDS
    key = "api-response:" + hashlib.sha256(request.get_full_path().encode()).hexdigest()
    body = cache.get(key) if seconds else None
    if body is None:
        data = adapter.validate_python(build())
        body = adapter.dump_json(data, by_alias=by_alias, exclude_none=exclude_none)
        if seconds:
            cache.set(key, body, timeout=seconds)
    response = HttpResponse(body, content_type="application/json")
    if seconds:
        # The answer is the same for everyone: browsers and proxies may keep it as long as we do.
        response["Cache-Control"] = f"public, max-age={seconds}"
    return response
