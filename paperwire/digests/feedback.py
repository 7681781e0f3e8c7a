"""👍/👎 from a digest: what a click records in the subscriber's library.

👍 saves the paper (a save is a positive for the For-you ranking) and takes
back an earlier "not interested"; 👎 marks it "not interested" (the
ranking's negative). The signed link names the subscription and the paper;
the feedback goes to the account the subscription belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User

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
    subscription_id, paper_id = links.read_feedback_token(token)
    subscription = Subscription.objects.select_related("user").filter(pk=subscription_id).first()
    paper = Paper.objects.visible().filter(pk=paper_id).first()
    if subscription is None or subscription.user is None or not subscription.user.is_active or paper is None:
        raise links.BadLink("This link is no longer valid.")
    return FeedbackTarget(subscription, subscription.user, paper)


def record_feedback(target: FeedbackTarget, vote: str) -> None:
    if vote == "up":
        save_paper(target.user, target.paper)
        set_not_interested(target.user, target.paper, on=False)
    elif vote == "down":
        set_not_interested(target.user, target.paper, on=True)
    else:
        raise ValueError(f"unknown vote {vote!r}")
