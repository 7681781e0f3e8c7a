"""API tokens: create, look up, revoke. The raw token never touches the database."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from paperwire.accounts.models import ApiToken

TOKEN_PREFIX = "pw_"  # noqa: S105 - a marker, not a secret
MAX_TOKENS_PER_USER = 20
# Writing last_used_at on every API call would turn reads into writes.
LAST_USED_RESOLUTION = timedelta(minutes=5)
# A new raw token waits here until the profile page shows it, once.
NEW_TOKEN_SESSION_KEY = "accounts:new_api_token"  # noqa: S105 - a session key name


class TokenLimitReached(ValueError):
    pass


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(user: Any, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the row and the raw token (show it once)."""
    if ApiToken.objects.filter(user=user).count() >= MAX_TOKENS_PER_USER:
        raise TokenLimitReached(f"You can have at most {MAX_TOKENS_PER_USER} tokens; revoke one first.")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=(name.strip() or "API token")[:100], prefix=raw[:10], token_hash=hash_token(raw)
    )
    return token, raw


def tokens_of(user: Any) -> list[ApiToken]:
    """A person's API tokens, as their profile lists them."""
    return list(ApiToken.objects.filter(user=user))


def revoke_token(user: Any, token_id: int) -> bool:
    deleted, _ = ApiToken.objects.filter(user=user, pk=token_id).delete()
    return deleted > 0


def user_for_token(raw: str) -> AbstractBaseUser | None:
    """The active user owning ``raw`` (a token as sent by a client), else None."""
    raw = (raw or "").strip()
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(token_hash=hash_token(raw), user__is_active=True).first()
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
