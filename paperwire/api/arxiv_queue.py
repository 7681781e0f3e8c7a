"""The API's answers for a paper that has to come from arXiv first.

The request never waits for arXiv (community.submit queues the fetch for the
worker): it answers 202 with where to look, or 503 with ``Retry-After`` when
the queue is full or arXiv is unreachable right now — the same status and the
same error codes on every route.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse

from paperwire.api.errors import ApiError
from paperwire.community.submit import SubmitBusy


def busy_error(exc: SubmitBusy) -> ApiError:
    """503 ``upstream_unavailable`` (arXiv is down) or ``queue_full``, with Retry-After."""
    return ApiError(503, exc.error, str(exc), retry_after=exc.retry_after)


def accepted(body: dict[str, Any], *, location: str) -> HttpResponse:
    """202 Accepted: the worker fetches the paper; ``location`` is where the result appears."""
    response = HttpResponse(json.dumps(body, default=str), status=202, content_type="application/json")
    response["Location"] = location
    return response
