"""CORS for the read side of the JSON API, and JSON for errors Django answers itself.

CORS is django-cors-headers, configured in settings (``CORS_*``) and narrowed
here to reads: a page on another site may GET from ``/api/``, never write.

django-ninja answers errors raised inside its views; a few are answered by
Django before or around ninja (an unknown ``/api/...`` URL, a method the path
does not allow). Those come back here as HTML and are rewritten into the one
API error format, so a client never has to parse an HTML page.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import SplitResult

from corsheaders.conf import conf
from corsheaders.middleware import CorsMiddleware
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import patch_vary_headers

API_PREFIX = "/api/"
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# PAPERWIRE_CORS_ALLOWED_ORIGINS=* (the default): any site may read the API.
ANY_ORIGIN = "*"
_MESSAGES = {
    404: ("not_found", "No API endpoint at this URL. See /api/docs for the list of endpoints."),
    405: ("method_not_allowed", "This endpoint does not accept this HTTP method. See /api/docs."),
    403: ("forbidden", "The request was refused (for a signed-in browser session, send the X-CSRFToken header)."),
    400: ("bad_request", "The request could not be understood."),
    500: ("server_error", "Something went wrong on the server; please try again later."),
}


class ReadOnlyCorsMiddleware(CorsMiddleware):
    """django-cors-headers on reads only, with ``*`` in ``CORS_ALLOWED_ORIGINS`` meaning any origin.

    ``CORS_URLS_REGEX`` limits it to the API; the request method limits it to
    reads, which no URL pattern can say (``/comments`` is read with GET and
    written with POST). Writes never carry CORS headers, so another site's
    script cannot read what a write answered.
    """

    def is_enabled(self, request: HttpRequest) -> bool:
        return request.method in READ_METHODS and super().is_enabled(request)

    def check_preflight(self, request: HttpRequest) -> HttpResponseBase | None:
        response = super().check_preflight(request)
        if response is not None:
            # A preflight answer has no body: 204, as paperwire has always answered it.
            response.status_code = 204
            del response["Content-Length"]
        return response

    def origin_found_in_white_lists(self, origin: str, url: SplitResult) -> bool:
        return ANY_ORIGIN in conf.CORS_ALLOWED_ORIGINS or super().origin_found_in_white_lists(origin, url)

    def add_response_headers(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        enabled = bool(getattr(request, "_cors_enabled", False))
        if enabled:
            # The library would add "origin"; keep the header's usual spelling.
            patch_vary_headers(response, ("Origin",))
        response = super().add_response_headers(request, response)
        if enabled and ANY_ORIGIN in conf.CORS_ALLOWED_ORIGINS:
            # Any origin: the literal "*" on every read, with or without an Origin
            # header, so every caller and every shared cache gets the same answer.
            response["Access-Control-Allow-Origin"] = ANY_ORIGIN
        return response


class ApiMiddleware:
    """HEAD answered like GET, and Django's own error pages under /api/ rewritten as JSON errors."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        is_head = request.method == "HEAD"
        if is_head:
            # Answer HEAD like GET (ninja routes only GET), with the headers and no body.
            request.method = "GET"
        response = self._as_json_error(self.get_response(request))
        if is_head and not response.streaming:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
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
