"""Subscribing, confirming, changing preferences and unsubscribing.

Double opt-in: an address typed into the box gets one confirmation email and
nothing else until its link is used. Whatever the address's state, the
visitor sees the same answer, so the form reveals nothing about who is
subscribed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from paperwire.digests import links
from paperwire.digests.interests import store_interest_vectors
from paperwire.digests.models import Frequency, Subscription, SubscriptionStatus
from paperwire.digests.rendering import render_simple_email
from paperwire.library.models import Follow

logger = logging.getLogger(__name__)

# One confirmation email per address per this long, however often the form
# is submitted: the box must not become a way to flood someone's inbox.
CONFIRMATION_RESEND_AFTER = timedelta(minutes=10)
MAX_PAPERS = 30


def normalise_email(address: str) -> str:
    return address.strip().lower()


def _send(message_factory: str, subscription: Subscription) -> None:
    if message_factory == "confirm":
        message = render_simple_email(
            subscription,
            "confirm",
            "Confirm your subscription",
            {
                "confirm_url": links.confirm_url(subscription),
                "max_age_days": links.confirm_max_age().days,
            },
        )
    else:
        message = render_simple_email(
            subscription,
            "already",
            "You are already subscribed",
            {
                "preferences_url": links.preferences_url(subscription),
                "unsubscribe_url": links.unsubscribe_url(subscription),
            },
        )
    try:
        message.send()
    except Exception:  # the visitor gets the same answer; the log tells the admin
        logger.exception("digests: could not send the %s email", message_factory)


def request_subscription(address: str) -> None:
    """Start double opt-in for ``address``; answers the same whatever its state."""
    email = normalise_email(address)
    now = timezone.now()
    try:
        with transaction.atomic():
            subscription, _ = Subscription.objects.get_or_create(email=email)
    except IntegrityError:  # two submissions at once: the other one created it
        subscription = Subscription.objects.get(email=email)
    recent = subscription.confirmation_sent_at and now - subscription.confirmation_sent_at < CONFIRMATION_RESEND_AFTER
    if recent:
        return
    if subscription.status == SubscriptionStatus.ACTIVE:
        kind = "already"
    else:
        if subscription.status != SubscriptionStatus.PENDING:
            # Coming back after unsubscribing or bouncing: opt in again, and
            # retire the links of the old subscription.
            subscription.status = SubscriptionStatus.PENDING
            subscription.token_version = F("token_version") + 1
        kind = "confirm"
    subscription.confirmation_sent_at = now
    subscription.save()
    subscription.refresh_from_db()
    _send(kind, subscription)


def confirm(subscription: Subscription) -> Subscription:
    if subscription.status in (SubscriptionStatus.PENDING, SubscriptionStatus.BOUNCING):
        subscription.status = SubscriptionStatus.ACTIVE
        subscription.confirmed_at = timezone.now()
        subscription.bounce_count = 0
        subscription.save(update_fields=["status", "confirmed_at", "bounce_count"])
    return subscription


def subscribe_user(user: AbstractBaseUser) -> Subscription:
    """One click for a signed-in person: their address is already verified."""
    email = normalise_email(getattr(user, "email", "") or "")
    if not email:
        raise ValueError("this account has no email address")
    subscription, _ = Subscription.objects.get_or_create(email=email, defaults={"user_id": user.pk})
    if subscription.user_id is None:
        subscription.user_id = user.pk
    if subscription.status != SubscriptionStatus.ACTIVE:
        subscription.status = SubscriptionStatus.ACTIVE
        subscription.confirmed_at = timezone.now()
        subscription.bounce_count = 0
    subscription.save()
    return subscription


def subscription_for_user(user: AbstractBaseUser | AnonymousUser) -> Subscription | None:
    if not user.is_authenticated:
        return None
    email = normalise_email(getattr(user, "email", "") or "")
    return Subscription.objects.filter(user_id=user.pk).first() or (
        Subscription.objects.filter(email=email).first() if email else None
    )


def unsubscribe(subscription: Subscription) -> None:
    if subscription.status == SubscriptionStatus.UNSUBSCRIBED:
        return
    # The 👍/👎 links of the digests already sent stop working too.
    Subscription.objects.filter(pk=subscription.pk).update(
        status=SubscriptionStatus.UNSUBSCRIBED,
        unsubscribed_at=timezone.now(),
        feedback_version=F("feedback_version") + 1,
    )


@dataclass
class Preferences:
    frequency: str
    weekday: int
    skip_weekends: bool
    paper_count: int
    categories: list[str]
    interests: str
    # None keeps the stored value (callers that do not offer the section).
    for_you_count: int | None = None
    follows_count: int | None = None


def update_preferences(subscription: Subscription, prefs: Preferences) -> Subscription:
    if prefs.frequency not in Frequency.values:
        raise ValueError("unknown frequency")
    subscription.frequency = prefs.frequency
    subscription.weekday = prefs.weekday
    subscription.skip_weekends = prefs.skip_weekends
    subscription.paper_count = max(0, min(MAX_PAPERS, prefs.paper_count))
    if prefs.for_you_count is not None:
        subscription.for_you_count = max(0, min(MAX_PAPERS, prefs.for_you_count))
    if prefs.follows_count is not None:
        subscription.follows_count = max(0, min(MAX_PAPERS, prefs.follows_count))
    if not (subscription.paper_count or subscription.for_you_count or subscription.follows_count):
        # Every section off would be an unsubscription in disguise; keep trending.
        subscription.paper_count = 1
    subscription.categories = sorted({c.strip() for c in prefs.categories if c.strip()})
    interests_changed = prefs.interests.strip() != subscription.interests
    subscription.interests = prefs.interests.strip()
    if interests_changed or not subscription.interest_vectors:
        store_interest_vectors(subscription)
    subscription.save()
    return subscription


def subscribe_follow_emails() -> int:
    """A digest subscription for each person whose follow emails are on but who has none yet.

    Follow emails ride the digest (its "From what you follow" section), so
    they share its ledger: one message per subscription and edition. The new
    subscription carries the follows and For you (papers ranked for the
    person's library, when they have one), no trending; daily if any follow
    email is daily. Someone who unsubscribed keeps their row, and so stays
    unsubscribed. Returns how many were created.
    """
    wanted = (
        Follow.objects.exclude(email=Follow.Email.OFF)
        .exclude(user__email="")
        .filter(user__is_active=True, user__digest_subscriptions__isnull=True)
        .values_list("user_id", "email")
    )
    daily: dict[int, bool] = {}
    for user_id, email in wanted:
        daily[user_id] = daily.get(user_id, False) or email == Follow.Email.DAILY
    created = 0
    for user in get_user_model().objects.filter(pk__in=list(daily)):
        address = normalise_email(user.email)
        try:
            with transaction.atomic():
                _, made = Subscription.objects.get_or_create(
                    email=address,
                    defaults={
                        "user_id": user.pk,
                        "status": SubscriptionStatus.ACTIVE,
                        "confirmed_at": timezone.now(),
                        "frequency": Frequency.DAILY if daily[user.pk] else Frequency.WEEKLY,
                        "paper_count": 0,
                        "follows_count": 10,
                    },
                )
        except IntegrityError:  # another worker planned at the same moment
            made = False
        created += int(made)
    return created
