"""What the profile page needs to show a person's digest box (the page itself is in front)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser

from paperwire.digests.subscriptions import subscription_for_user


def profile_subscription_context(user: AbstractBaseUser) -> dict[str, Any]:
    """Context for ``{% include "digests/_profile_subscription.html" %}`` (owner's own profile only)."""
    return {"digest_subscription": subscription_for_user(user)}
