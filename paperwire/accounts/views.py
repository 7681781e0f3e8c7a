"""Profiles, API tokens and the development mail viewer."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from paperwire.accounts import dev_mail
from paperwire.accounts.models import ApiToken
from paperwire.accounts.tokens import TokenLimitReached, create_token, revoke_token
from paperwire.community.models import Comment, Upvote
from paperwire.community.votes import voted_paper_ids
from paperwire.digests.profile import profile_subscription_context
from paperwire.papers.models import DailyEntry

PROFILE_LIST_LIMIT = 30
_NEW_TOKEN_SESSION_KEY = "accounts:new_api_token"  # noqa: S105 - a session key name


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
        context["new_token"] = request.session.pop(_NEW_TOKEN_SESSION_KEY, None)
    return render(request, "accounts/profile.html", context)


@require_POST
@login_required
def token_create(request: HttpRequest) -> HttpResponse:
    try:
        token, raw = create_token(request.user, request.POST.get("name", ""))
    except TokenLimitReached as exc:
        messages.error(request, str(exc))
    else:
        request.session[_NEW_TOKEN_SESSION_KEY] = {"name": token.name, "token": raw}
    return redirect(_own_profile_url(request) + "#api-tokens")


@require_POST
@login_required
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    if revoke_token(request.user, token_id):
        messages.success(request, "The token was revoked; programs using it can no longer sign in.")
    else:
        raise Http404("No such token")
    return redirect(_own_profile_url(request) + "#api-tokens")


def _own_profile_url(request: HttpRequest) -> str:
    return reverse("accounts:profile", args=[request.user.get_username()])


def _require_debug() -> None:
    if not settings.DEBUG:
        raise Http404("The mail viewer exists only in development (PAPERWIRE_DEBUG=true).")


def mail_list(request: HttpRequest) -> HttpResponse:
    _require_debug()
    return render(
        request,
        "accounts/dev_mail_list.html",
        {"mails": dev_mail.captured_mail(), "mail_dir": dev_mail.mail_dir(), "backend": settings.EMAIL_BACKEND},
    )


def mail_detail(request: HttpRequest, file_name: str, index: int) -> HttpResponse:
    _require_debug()
    mail = dev_mail.find_mail(file_name, index)
    if mail is None:
        raise Http404("No such message")
    return render(request, "accounts/dev_mail_detail.html", {"mail": mail})
