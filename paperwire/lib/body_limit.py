"""One limit on the size of a request body, enforced before any of it is read.

Django reads a body only as far as its ``Content-Length`` says (a body sent
without one reads as empty), so refusing a declared length over
``MAX_BODY_BYTES`` here, before any view or form parser runs, means no
request can make a process read, hold or write to disk more than that. The
limit is the largest upload paperwire takes (``PAPERWIRE_MAX_UPLOAD_MB``, a
library import) plus room for the form's other fields; the reverse proxy's
limit (docs/deploy.md) should be the same or larger.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from paperwire.lib.request_hints import wants_json


def too_large_message() -> str:
    return f"The request body is over the {settings.MAX_UPLOAD_MB} MB limit; send less."


def _declared_length(request: HttpRequest) -> int | None:
    """The body's declared length; None when it is not a number (Django then reads nothing)."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None


def too_large_response(request: HttpRequest) -> HttpResponse:
    message = too_large_message()
    if request.path.startswith("/api/") or wants_json(request):
        # The API's one error format (api/errors.py), which this layer cannot import.
        response = HttpResponse(
            json.dumps({"error": "request_too_large", "detail": message}), status=413, content_type="application/json"
        )
        response["X-Error-Message"] = message
    else:
        response = HttpResponse(render_to_string("413.html", {"message": message}, request=request), status=413)
    return response


class BodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = _declared_length(request)
        if length is not None and length > settings.MAX_BODY_BYTES:
            return too_large_response(request)
        return self.get_response(request)
