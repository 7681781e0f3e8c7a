"""👍/👎 from a digest: what a click records in the subscriber's library.

👍 saves the paper (a save is a positive for the For-you ranking) and takes
back an earlier "not interested"; 👎 marks it "not interested" (the
ranking's negative). The signed link names the subscription, the paper and
the subscription's link version; the feedback goes to the account the
subscription belongs to. Unsubscribing, or resetting the account's sign-ins
(password changed or reset), retires every link sent before
(``retire_feedback_links``); links also expire (``links.feedback_token``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import F

from paperwire.digests import links
from paperwire.digests.models import Subscription
from paperwire.library.saving import save_paper, set_not_interested
from paperwire.papers.models import Paper


@dataclass(frozen=True)
class FeedbackTarget:
    subscription: Subscription
    user: User
    paper: Paper


def feedback_target(token: str) -> FeedbackTarget:
    """Who gives feedback on which paper; raises ``links.BadLink`` for a bad or orphaned link."""
    link = links.read_feedback_token(token)
    subscription = (
        Subscription.objects.select_related("user")
        .filter(pk=link.subscription_id, feedback_version=link.version)
        .first()
    )
    paper = Paper.objects.visible().filter(pk=link.paper_id).first()
    if subscription is None or subscription.user is None or not subscription.user.is_active or paper is None:
        raise links.BadLink("This link is no longer valid.")
    return FeedbackTarget(subscription, subscription.user, paper)


def retire_feedback_links(user_id: int) -> int:
    """Retire every 👍/👎 link sent to the account's subscriptions; how many subscriptions."""
    return Subscription.objects.filter(user_id=user_id).update(feedback_version=F("feedback_version") + 1)


def record_feedback(target: FeedbackTarget, vote: str) -> None:
    if vote == "up":
        save_paper(target.user, target.paper)
        set_not_interested(target.user, target.paper, on=False)
    elif vote == "down":
        set_not_interested(target.user, target.paper, on=True)
    else:
        raise ValueError(f"unknown vote {vote!r}")
