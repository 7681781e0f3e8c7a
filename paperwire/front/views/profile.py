"""Profiles: /u/<name> with what a person submitted, upvoted and said; one's own adds digests and API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from paperwire.accounts.deletion import is_deleted_account
from paperwire.accounts.tokens import NEW_TOKEN_SESSION_KEY, tokens_of
from paperwire.community.claims import claims_of
from paperwire.community.comments import comments_by
from paperwire.community.votes import upvoted_papers, voted_paper_ids
from paperwire.digests.profile import profile_subscription_context
from paperwire.papers.lists import submitted_papers
from paperwire.papers.models import Paper
from paperwire.search.saved import saved_searches_of

PROFILE_LIST_LIMIT = 30


IMPORTED_PAGE_SIZE = 30


def profile(request: HttpRequest, username: str) -> HttpResponse:
    person = get_user_model().objects.filter(username=username, is_active=True).first()
    if person is None or is_deleted_account(person):
        return imported_submitter(request, username)
    submissions = submitted_papers(person, PROFILE_LIST_LIMIT)
    upvoted = upvoted_papers(person, PROFILE_LIST_LIMIT)
    comments = comments_by(person, PROFILE_LIST_LIMIT)
    claims = claims_of(person)
    is_self = request.user.is_authenticated and request.user.pk == person.pk
    context: dict[str, Any] = {
        "person": person,
        "is_self": is_self,
        "submissions": submissions,
        "upvoted": upvoted,
        "profile_comments": comments,
        # Everyone sees what a person is verified as; only they see their open and refused claims.
        "claims": [claim for claim in claims if claim.status == "approved" or is_self],
        "voted_ids": voted_paper_ids(request.user, [p.pk for p in submissions + upvoted]),
        "nav": "profile" if is_self else "",
    }
    if is_self:
        context.update(profile_subscription_context(person))
        context["tokens"] = tokens_of(person)
        context["saved_searches"] = saved_searches_of(person)
        # Shown once: taken out of the session on the first page view after creation.
        context["new_token"] = request.session.pop(NEW_TOKEN_SESSION_KEY, None)
    return render(request, "front/profile.html", context)


def imported_submitter(request: HttpRequest, name: str) -> HttpResponse:
    """A submitter known only from an import (a Hugging Face user name): what they put on the lists."""
    papers = Paper.objects.listed().submitted_by_import(name)
    page = Paginator(papers.newest_lists_first(), IMPORTED_PAGE_SIZE)
    page_obj = page.get_page(request.GET.get("page"))
    listed = list(page_obj.object_list)
    if not listed:
        raise Http404(f"Nobody called {name} has an account or submitted a paper here.")
    entry = listed[0].daily_entry
    context: dict[str, Any] = {
        "submitter_name": name,
        "submitter_fullname": entry.submitter_fullname,
        "source": entry.source,
        "papers": listed,
        "page_obj": page_obj,
        "voted_ids": voted_paper_ids(request.user, [p.pk for p in listed]),
    }
    return render(request, "front/imported_profile.html", context)
