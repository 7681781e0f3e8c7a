"""Who is calling: an API token (``Authorization: Bearer <token>``) or a browser session.

Tokens come from the profile page (accounts app). A browser session is
accepted too, with Django's CSRF check (``X-CSRFToken`` header), so the
site's own pages can call the API; a token request needs no CSRF token
because a browser never sends a bearer token on its own.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, django_auth

from paperwire.accounts.tokens import user_for_token


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not token or len(token) > 200:
            return None
        user = user_for_token(token)
        if user is None or not user.is_active:
            return None
        # Rate limits and domain functions key on request.user.
        request.user = user  # type: ignore[assignment]
        return user


api_auth = [BearerToken(), django_auth]


def require_user(request: HttpRequest) -> AbstractBaseUser:
    user = getattr(request, "auth", None)
    if user is None or not getattr(user, "is_authenticated", False):
        raise AuthenticationError()
    return user  # type: ignore[no-any-return]
