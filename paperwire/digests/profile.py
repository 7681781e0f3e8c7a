"""What the profile page needs to show a person's digest box (the page itself is in front)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser

from paperwire.digests.models import SubscriptionStatus
from paperwire.digests.plan import section_plan
from paperwire.digests.subscriptions import subscription_for_user


def profile_subscription_context(user: AbstractBaseUser) -> dict[str, Any]:
    """Context for ``{% include "digests/_profile_subscription.html" %}`` (owner's own profile only)."""
    subscription = subscription_for_user(user)
    active = subscription is not None and subscription.status == SubscriptionStatus.ACTIVE
    plan = section_plan(subscription) if subscription is not None and active else []
    return {"digest_subscription": subscription, "digest_plan": plan}
