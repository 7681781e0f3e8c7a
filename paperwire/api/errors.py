"""One error format for the whole API: ``{"error": <code>, "detail": <what to fix>}``.

Views raise :class:`ApiError` (or Django's ``Http404``); the handlers here
turn that, ninja's validation errors, failed authentication and rate limits
into JSON with the right status. The detail is also sent as the
``X-Error-Message`` header, which ``huggingface_hub`` shows in its exceptions.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

from paperwire.lib.body_limit import too_large_message
from paperwire.lib.ratelimit import RateLimited

logger = logging.getLogger(__name__)


class ErrorOut(Schema):
    error: str
    detail: str


# The errors every read endpoint documents (bad input, too many requests).
READ_ERRORS: dict[int | str, type[Schema]] = {400: ErrorOut, 429: ErrorOut}


HTTP_ERROR_CODES = {
    400: "bad_request",
    401: "authentication_required",
    403: "forbidden",
    404: "not_found",
    413: "request_too_large",
    429: "rate_limited",
}


class ApiError(Exception):
    """A client mistake or a missing resource, answered as ``status`` with a helpful detail."""

    def __init__(self, status: int, error: str, detail: str, *, retry_after: int | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.error = error
        self.detail = detail
        # Seconds to wait before trying again (sent as Retry-After), for 503s.
        self.retry_after = retry_after


def bad_request(detail: str, error: str = "invalid_parameter") -> ApiError:
    return ApiError(400, error, detail)


def not_found(detail: str) -> ApiError:
    return ApiError(404, "not_found", detail)


def error_response(status: int, error: str, detail: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps({"error": error, "detail": detail}), status=status, content_type="application/json"
    )
    # Header values must be latin-1 and single-line.
    response["X-Error-Message"] = detail.encode("ascii", "replace").decode("ascii").replace("\n", " ")[:500]
    return response


def _describe_location(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(part) for part in loc]
    # ninja prefixes the source ("query", "path", "body"); name the parameter itself.
    if parts and parts[0] in {"query", "path", "body", "header", "cookie", "form"}:
        source, rest = parts[0], parts[1:]
        if source == "body" and rest and rest[0] in {"payload", "body", "data"}:
            rest = rest[1:]
        name = ".".join(rest) or source
        return f"{name} (in the request {source})" if source in {"body", "header"} else name
    return ".".join(parts) or "request"


def describe_validation_errors(errors: list[dict[str, Any]]) -> str:
    """'limit: Input should be less than or equal to 100; p: ...' — one clause per problem."""
    clauses = []
    for item in errors[:5]:
        clauses.append(f"{_describe_location(item.get('loc', ()))}: {item.get('msg', 'is not valid')}")
    return "; ".join(clauses) or "The request is not valid."


def _register(api: NinjaAPI, exc_class: type[Exception], handler: Callable[[HttpRequest, Any], HttpResponse]) -> None:
    api.add_exception_handler(exc_class, handler)


def install_error_handlers(api: NinjaAPI) -> None:
    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        response = error_response(exc.status, exc.error, exc.detail)
        if exc.retry_after is not None:
            response["Retry-After"] = str(exc.retry_after)
        return response

    def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return error_response(400, "invalid_request", describe_validation_errors(exc.errors))

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(404, "not_found", str(exc) or "Not found.")

    def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(
            401,
            "authentication_required",
            "Sign in: send 'Authorization: Bearer <token>' with a token from your profile page, "
            "or use a signed-in browser session with the X-CSRFToken header.",
        )

    def on_authorization_error(request: HttpRequest, exc: AuthorizationError) -> HttpResponse:
        return error_response(403, "forbidden", str(exc))

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        detail = str(exc)
        if "csrf" in detail.lower():  # ninja's session auth without the token
            detail = "CSRF check failed: send the csrftoken cookie's value in the X-CSRFToken header."
        elif detail.startswith("Cannot parse request body"):
            detail += ". Send a JSON object with Content-Type: application/json."
        return error_response(exc.status_code, HTTP_ERROR_CODES.get(exc.status_code, "error"), detail)

    def on_rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
        response = error_response(
            429,
            "rate_limited",
            f"Too many requests ({exc.scope}). Please wait {exc.retry_after} seconds and try again.",
        )
        response["Retry-After"] = str(exc.retry_after)
        return response

    def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return error_response(413, "request_too_large", too_large_message())

    def on_suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        # Django's own checks on a request (too many fields, a malformed body): the client's mistake.
        return error_response(400, "bad_request", str(exc) or "The request is not valid.")

    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
        return error_response(500, "server_error", "Something went wrong on the server; please try again later.")

    _register(api, ApiError, on_api_error)
    _register(api, ValidationError, on_validation_error)
    _register(api, Http404, on_not_found)
    _register(api, AuthenticationError, on_authentication_error)
    _register(api, AuthorizationError, on_authorization_error)
    _register(api, HttpError, on_http_error)
    _register(api, RateLimited, on_rate_limited)
    _register(api, RequestDataTooBig, on_too_big)
    _register(api, SuspiciousOperation, on_suspicious)
    _register(api, Exception, on_unexpected)
