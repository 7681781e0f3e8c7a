"""What a browser request says: who sent it, the answer it wants (JSON or a page), and where to go back to.

The forms of several apps post with ``next`` (the page to return to) and
their scripts ask for JSON; both are read the same way everywhere.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def wants_json(request: HttpRequest) -> bool:
    """The page's script asked (Accept: application/json); a plain form post did not."""
    return "application/json" in request.headers.get("Accept", "")


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The ``next`` the form or link named, if it stays on this site; ``fallback`` otherwise.

    Checked against the request's own host and scheme, so a crafted
    ``next=https://elsewhere`` cannot turn a form into an open redirect.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


def signed_in_user(request: HttpRequest) -> User:
    """The person behind a view that only signed-in people reach (``login_required`` or a check before)."""
    user = request.user
    assert isinstance(user, User), "a view for signed-in people was reached without one"
    return user
