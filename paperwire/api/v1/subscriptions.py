"""The signed-in person's digest subscription: read, subscribe or change, unsubscribe.

An account's address is already verified, so subscribing through the API is
one step (``subscribe_user``); anonymous double opt-in stays on the web form.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema
from pydantic import ConfigDict

from paperwire.api.auth import api_auth, require_user
from paperwire.api.errors import ApiError, ErrorOut, bad_request, not_found
from paperwire.api.limits import rate_limit_write
from paperwire.digests.models import Subscription
from paperwire.digests.subscriptions import (
    MAX_PAPERS,
    Preferences,
    subscribe_user,
    subscription_for_user,
    unsubscribe,
    update_preferences,
)
from paperwire.papers.categories import UnknownCategories, canonical_categories

router = Router(tags=["paperwire v1: subscription"])


class DigestSubscriptionOut(Schema):
    email: str
    status: str
    frequency: str
    weekday: int = Field(..., description="0 = Monday; the day of the weekly digest")
    skip_weekends: bool
    paper_count: int
    categories: list[str]
    interests: str
    confirmed_at: dt.datetime | None
    for_you_count: int = Field(..., description="For-you papers per digest (0: none)")
    follows_count: int = Field(..., description="Papers from your follows with email on, per digest (0: none)")


class DigestSubscriptionIn(Schema):
    # JSON bodies are typed: 0 is not false, "1" is not 1.
    model_config = ConfigDict(strict=True)

    frequency: Literal["daily", "weekly"] = Field(..., description="daily, or weekly on `weekday`")
    weekday: int = Field(0, ge=0, le=6, description="0 = Monday; the day of the weekly digest")
    skip_weekends: bool = False
    # Trending may be off (0) when another section is on.
    paper_count: int = Field(10, ge=0, le=MAX_PAPERS, description="Trending papers per digest (0: none)")
    categories: list[str] = Field(default_factory=list, max_length=20, description="arXiv categories; empty: all")
    interests: str = Field("", max_length=2000, description="One interest per line, used to pick papers for you.")
    for_you_count: int = Field(
        10, ge=0, le=MAX_PAPERS, description="For-you papers per digest, ranked for your library (0: none)"
    )
    follows_count: int = Field(
        10, ge=0, le=MAX_PAPERS, description="Papers from your follows with email on, per digest (0: none)"
    )


ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut}


def _out(subscription: Subscription) -> dict[str, Any]:
    return {
        "email": subscription.email,
        "status": subscription.status,
        "frequency": subscription.frequency,
        "weekday": subscription.weekday,
        "skip_weekends": subscription.skip_weekends,
        "paper_count": subscription.paper_count,
        "for_you_count": subscription.for_you_count,
        "follows_count": subscription.follows_count,
        "categories": list(subscription.categories or []),
        "interests": subscription.interests,
        "confirmed_at": subscription.confirmed_at,
    }


@router.get(
    "/subscription", auth=api_auth, response={200: DigestSubscriptionOut, **ERRORS}, summary="My digest subscription"
)
def my_subscription(request: HttpRequest) -> dict[str, Any]:
    subscription = subscription_for_user(require_user(request))
    if subscription is None:
        raise not_found("You have no digest subscription; create one with PUT /api/v1/subscription.")
    return _out(subscription)


@router.put(
    "/subscription",
    auth=api_auth,
    response={200: DigestSubscriptionOut, **ERRORS},
    summary="Subscribe, or change settings",
)
def put_subscription(request: HttpRequest, payload: DigestSubscriptionIn) -> dict[str, Any]:
    user = require_user(request)
    rate_limit_write(request, "subscription")
    try:
        categories = canonical_categories(payload.categories)
    except UnknownCategories as exc:
        raise bad_request(f"categories: {exc}") from None
    if not (payload.paper_count or payload.for_you_count or payload.follows_count):
        raise bad_request("paper_count, for_you_count and follows_count are all 0; to stop the digest, DELETE it.")
    if "\x00" in payload.interests:
        raise bad_request("interests contains a NUL character; send plain text.")
    try:
        subscription = subscribe_user(user)
    except ValueError:
        raise ApiError(400, "no_email", "Your account has no email address; add one on your profile first.") from None
    prefs = Preferences(
        frequency=payload.frequency,
        weekday=payload.weekday,
        skip_weekends=payload.skip_weekends,
        paper_count=payload.paper_count,
        categories=categories,
        interests=payload.interests,
        for_you_count=payload.for_you_count,
        follows_count=payload.follows_count,
    )
    return _out(update_preferences(subscription, prefs))


@router.delete(
    "/subscription",
    auth=api_auth,
    response={200: DigestSubscriptionOut, **ERRORS},
    summary="Unsubscribe from the digest",
)
def delete_subscription(request: HttpRequest) -> dict[str, Any]:
    user = require_user(request)
    rate_limit_write(request, "subscription")
    subscription = subscription_for_user(user)
    if subscription is None:
        raise not_found("You have no digest subscription.")
    unsubscribe(subscription)
    subscription.refresh_from_db()
    return _out(subscription)
