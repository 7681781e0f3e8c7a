"""Profiles: /u/<name> with what a person submitted, upvoted and said; one's own adds digests and API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from paperwire.accounts.models import ApiToken
from paperwire.accounts.tokens import NEW_TOKEN_SESSION_KEY
from paperwire.community.models import Comment, Upvote
from paperwire.community.votes import voted_paper_ids
from paperwire.digests.profile import profile_subscription_context
from paperwire.papers.models import DailyEntry

PROFILE_LIST_LIMIT = 30


def profile(request: HttpRequest, username: str) -> HttpResponse:
    person = get_object_or_404(get_user_model(), username=username, is_active=True)
    submissions = [
        entry.paper
        for entry in DailyEntry.objects.filter(submitter=person, paper__hidden=False)
        .select_related("paper", "paper__daily_entry", "paper__daily_entry__submitter")
        .order_by("-list_date", "-submitted_at")[:PROFILE_LIST_LIMIT]
    ]
    upvoted = [
        vote.paper
        for vote in Upvote.objects.filter(user=person, paper__hidden=False)
        .select_related("paper", "paper__daily_entry", "paper__daily_entry__submitter")
        .order_by("-created_at", "-id")[:PROFILE_LIST_LIMIT]
    ]
    comments = list(
        Comment.objects.visible()
        .filter(author=person, paper__hidden=False)
        .select_related("paper")
        .order_by("-created_at", "-id")[:PROFILE_LIST_LIMIT]
    )
    is_self = request.user.is_authenticated and request.user.pk == person.pk
    context: dict[str, Any] = {
        "person": person,
        "is_self": is_self,
        "submissions": submissions,
        "upvoted": upvoted,
        "profile_comments": comments,
        "voted_ids": voted_paper_ids(request.user, [p.pk for p in submissions + upvoted]),
        "nav": "profile" if is_self else "",
    }
    if is_self:
        context.update(profile_subscription_context(person))
        context["tokens"] = list(ApiToken.objects.filter(user=person))
        # Shown once: taken out of the session on the first page view after creation.
        context["new_token"] = request.session.pop(NEW_TOKEN_SESSION_KEY, None)
    return render(request, "front/profile.html", context)
