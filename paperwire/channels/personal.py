"""The personal things a destination may carry: a follow's new papers, and For you for its owner.

"New" means published or put on a list within the message's period, so
each message carries what the period brought and nothing twice. A followed
tag carries the period's papers most like the tag's papers (as the digests
and arxiv-sanity's per-tag email do); For you ranks the period's papers for
the owner's library, as the For-you page does.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from django.contrib.auth.models import User
from django.db.models import Q

from paperwire.channels.links import absolute
from paperwire.lib.pages import page_url
from paperwire.library.candidates import recommend
from paperwire.library.follows import follow_papers
from paperwire.library.models import Follow
from paperwire.library.taste import negatives_of, positives_of
from paperwire.papers.models import Paper
from paperwire.papers.querysets import PaperQuerySet
from paperwire.search.models import SavedSearch
from paperwire.search.saved import is_new_since
from paperwire.search.saved_results import new_papers_of_saved_search

# Papers looked at per message; the "and M more" line counts up to this many.
POOL = 50


def period_papers(start: date, end: date) -> PaperQuerySet:
    """Visible papers published in ``[start, end)`` or listed on one of its days."""
    since = datetime.combine(start, time.min, tzinfo=UTC)
    until = datetime.combine(end, time.min, tzinfo=UTC)
    return Paper.objects.visible().filter(
        Q(published__gte=since, published__lt=until)
        | Q(daily_entry__list_date__gte=start, daily_entry__list_date__lt=end)
    )


def in_period(paper: Paper, start: date, end: date) -> bool:
    return is_new_since(paper, start) and not is_new_since(paper, end)


def for_you_papers(owner: User, start: date, end: date) -> list[Paper]:
    positives = positives_of(owner)
    if not positives:
        return []
    return [r.paper for r in recommend(positives, negatives_of(owner), period_papers(start, end), limit=POOL)]


def followed_papers(follow: Follow, start: date, end: date) -> list[Paper]:
    if follow.kind == Follow.Kind.TAG:
        positives = positives_of(follow.user, int(follow.target))
        ranked = recommend(positives, negatives_of(follow.user), period_papers(start, end), limit=POOL)
        return [r.paper for r in ranked]
    if follow.kind == Follow.Kind.SAVED_SEARCH:
        saved = SavedSearch.objects.filter(pk=int(follow.target), owner_id=follow.user_id).first()
        found = new_papers_of_saved_search(saved, start, limit=POOL) if saved is not None else []
    else:
        found = follow_papers(follow, limit=POOL)
    return [paper for paper in found if in_period(paper, start, end)]


def follow_url(follow: Follow) -> str:
    if follow.kind == Follow.Kind.AUTHOR:
        return absolute(page_url("author", follow.label or follow.target))
    if follow.kind == Follow.Kind.CATEGORY:
        return absolute(page_url("category_list", follow.target))
    if follow.kind == Follow.Kind.SAVED_SEARCH:
        saved = SavedSearch.objects.filter(pk=int(follow.target), owner_id=follow.user_id).first()
        if saved is not None:
            return absolute(saved.url)
    return absolute(page_url("follows"))
