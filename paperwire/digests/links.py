"""Signed, expiring links for subscribers who have no account.

Each purpose has its own salt, so a confirmation token cannot be replayed as
an unsubscribe token and vice versa. The payload carries the subscription's
``token_version``: re-subscribing bumps it, which retires every older link.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.core import signing
from django.urls import reverse

from paperwire.digests.models import Subscription

CONFIRM_SALT = "paperwire.digests.confirm"
PREFERENCES_SALT = "paperwire.digests.preferences"
UNSUBSCRIBE_SALT = "paperwire.digests.unsubscribe"
FEEDBACK_SALT = "paperwire.digests.feedback"
FEEDBACK_SLOT = "pwtokenpw"
VOTES = ("up", "down")


class BadLink(Exception):
    """The link is malformed, tampered with, expired or retired."""


def make_token(subscription: Subscription, salt: str) -> str:
    return signing.dumps([subscription.pk, subscription.token_version], salt=salt)


def read_token(token: str, salt: str, *, max_age: timedelta) -> Subscription:
    try:
        pk, version = signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        raise BadLink("This link is invalid or has expired.") from None
    subscription = Subscription.objects.filter(pk=pk, token_version=version).first()
    if subscription is None:
        raise BadLink("This link is no longer valid.")
    return subscription


def confirm_max_age() -> timedelta:
    return timedelta(days=settings.DIGEST_CONFIRM_MAX_AGE_DAYS)


def link_max_age() -> timedelta:
    return timedelta(days=settings.DIGEST_LINK_MAX_AGE_DAYS)


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def confirm_url(subscription: Subscription) -> str:
    return absolute(reverse("digests:confirm", args=[make_token(subscription, CONFIRM_SALT)]))


def preferences_url(subscription: Subscription) -> str:
    return absolute(reverse("digests:preferences", args=[make_token(subscription, PREFERENCES_SALT)]))


def unsubscribe_url(subscription: Subscription) -> str:
    return absolute(reverse("digests:unsubscribe", args=[make_token(subscription, UNSUBSCRIBE_SALT)]))


@lru_cache(maxsize=2)
def _feedback_signer(secret: str) -> signing.Signer:
    # Keyed by the secret, so rotating it (or a test overriding it) takes effect at once.
    return signing.Signer(key=secret, salt=FEEDBACK_SALT)


@lru_cache(maxsize=8)
def _feedback_template(site_url: str) -> str:
    return f"{site_url}{reverse('digests:feedback', args=[FEEDBACK_SLOT, 'up'])}"


@dataclass(frozen=True)
class FeedbackLink:
    subscription_id: int
    paper_id: int
    version: int  # the subscription's feedback_version when the link was sent


def _today() -> int:
    return int(time.time()) // 86400


def feedback_token(subscription: Subscription, paper_id: int) -> str:
    """One token per subscriber and paper; 👍 and 👎 share it (the vote is in the path, the page asks).

    It names the subscription's ``feedback_version`` (unsubscribing retires
    the links) and the day it was made (it expires after
    ``PAPERWIRE_DIGEST_FEEDBACK_MAX_AGE_DAYS``); rotating ``SECRET_KEY``
    retires them all. A plain ``Signer`` (no JSON) keeps the cost per paper
    of every message small.
    """
    value = f"{subscription.pk}-{paper_id}-{subscription.feedback_version}-{_today()}"
    return _feedback_signer(settings.SECRET_KEY).sign(value)


def read_feedback_token(token: str) -> FeedbackLink:
    """What a feedback token names; raises BadLink when tampered with or expired."""
    try:
        value = _feedback_signer(settings.SECRET_KEY).unsign(token)
        subscription_id, paper_id, version, day = (int(part) for part in value.split("-"))
    except (signing.BadSignature, ValueError):
        raise BadLink("This link is invalid.") from None
    if _today() - day > settings.DIGEST_FEEDBACK_MAX_AGE_DAYS:
        raise BadLink(
            f"This link has expired: 👍/👎 links work for {settings.DIGEST_FEEDBACK_MAX_AGE_DAYS} days. "
            "Save the paper from its page instead."
        )
    return FeedbackLink(subscription_id, paper_id, version)


def feedback_urls(subscription: Subscription, paper_id: int) -> tuple[str, str]:
    """The 👍 and 👎 addresses of one paper for one subscriber.

    Resolved once with a placeholder and filled in: ``reverse`` for every
    paper of every message was most of the cost of the links.
    """
    base = _feedback_template(settings.SITE_URL).replace(FEEDBACK_SLOT, feedback_token(subscription, paper_id))
    return base, base.removesuffix("/up") + "/down"
