"""CORS for the read side of the JSON API, and JSON for errors Django answers itself.

django-ninja answers errors raised inside its views; a few are answered by
Django before or around ninja (an unknown ``/api/...`` URL, a method the path
does not allow). Those come back here as HTML and are rewritten into the one
API error format, so a client never has to parse an HTML page.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

API_PREFIX = "/api/"
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_MESSAGES = {
    404: ("not_found", "No API endpoint at this URL. See /api/docs for the list of endpoints."),
    405: ("method_not_allowed", "This endpoint does not accept this HTTP method. See /api/docs."),
    403: ("forbidden", "The request was refused (for a signed-in browser session, send the X-CSRFToken header)."),
    400: ("bad_request", "The request could not be understood."),
    500: ("server_error", "Something went wrong on the server; please try again later."),
}


def cors_origin(request: HttpRequest) -> str | None:
    """The Access-Control-Allow-Origin value for this request, or None for no CORS."""
    allowed: list[str] = settings.CORS_ALLOWED_ORIGINS
    origin = request.headers.get("Origin")
    if "*" in allowed:
        return "*"
    if origin and origin in allowed:
        return origin
    return None


class ApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        is_read = request.method in READ_METHODS
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            # A browser's preflight: answer it here; only reads are shared cross-origin.
            response = HttpResponse(status=204)
        else:
            is_head = request.method == "HEAD"
            if is_head:
                # Answer HEAD like GET (ninja routes only GET), with the headers and no body.
                request.method = "GET"
            response = self._as_json_error(self.get_response(request))
            if is_head and not response.streaming:
                length = len(response.content)
                response.content = b""
                response["Content-Length"] = str(length)
        origin = cors_origin(request) if is_read else None
        if origin is not None:
            response["Access-Control-Allow-Origin"] = origin
            response["Access-Control-Allow-Methods"] = "GET, OPTIONS"
            response["Access-Control-Allow-Headers"] = "Accept, Authorization, Content-Type"
            response["Access-Control-Expose-Headers"] = "Link, Retry-After"
            response["Access-Control-Max-Age"] = "86400"
        if origin not in (None, "*"):
            response["Vary"] = ", ".join(filter(None, [response.get("Vary"), "Origin"]))
        return response

    @staticmethod
    def _as_json_error(response: HttpResponse) -> HttpResponse:
        content_type = response.get("Content-Type", "")
        if response.status_code < 400 or content_type.startswith("application/json"):
            return response
        code, detail = _MESSAGES.get(response.status_code, ("error", "The request failed."))
        replacement = HttpResponse(
            json.dumps({"error": code, "detail": detail}),
            status=response.status_code,
            content_type="application/json",
        )
        for header in ("Allow", "Retry-After"):
            if header in response:
                replacement[header] = response[header]
        return replacement
