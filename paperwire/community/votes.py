"""Upvotes: one per person per paper, with an exact total on the paper row.

``Paper.upvote_count`` is imported upvotes + local Upvote rows. It moves with
an F() update in the same transaction as the row it counts, so concurrent
clicks can never make the two disagree (see tests/test_votes_concurrency.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F

from paperwire.community.models import Upvote
from paperwire.papers.models import Paper
from paperwire.papers.querysets import on_visible_papers


def voted_paper_ids(user: Any, paper_ids: Iterable[int]) -> set[int]:
    """Ids among ``paper_ids`` that ``user`` has upvoted (one query)."""
    if user is None or not user.is_authenticated:
        return set()
    ids = list(paper_ids)
    if not ids:
        return set()
    return set(Upvote.objects.filter(user=user, paper_id__in=ids).values_list("paper_id", flat=True))


def set_upvote(user: Any, paper_id: int, *, on: bool) -> tuple[bool, int]:
    """Make ``user``'s upvote on the paper be ``on``; return (voted, total count).

    Idempotent, so a double-submitted form cannot count twice: the request
    says the state it wants, not "toggle".
    """
    with transaction.atomic():
        if on:
            try:
                with transaction.atomic():  # savepoint: a racing twin may insert first
                    Upvote.objects.create(user=user, paper_id=paper_id)
            except IntegrityError:
                pass  # already voted (maybe by a concurrent request): nothing to count
            else:
                Paper.objects.filter(pk=paper_id).update(upvote_count=F("upvote_count") + 1)
        else:
            deleted, _ = Upvote.objects.filter(user=user, paper_id=paper_id).delete()
            if deleted:
                Paper.objects.filter(pk=paper_id).update(upvote_count=F("upvote_count") - 1)
        count = Paper.objects.values_list("upvote_count", flat=True).get(pk=paper_id)
    return on, int(count)


def toggle_upvote(user: Any, paper_id: int) -> tuple[bool, int]:
    """Flip ``user``'s upvote; return (voted, total count)."""
    has_voted = Upvote.objects.filter(user=user, paper_id=paper_id).exists()
    return set_upvote(user, paper_id, on=not has_voted)


def withdraw_all_upvotes(user: Any) -> int:
    """Remove every upvote of ``user`` (a ban); return how many were removed."""
    removed = 0
    with transaction.atomic():
        for paper_id in list(Upvote.objects.filter(user=user).values_list("paper_id", flat=True)):
            deleted, _ = Upvote.objects.filter(user=user, paper_id=paper_id).delete()
            if deleted:
                Paper.objects.filter(pk=paper_id).update(upvote_count=F("upvote_count") - 1)
                removed += 1
    return removed


def upvoted_papers(person: Any, limit: int) -> list[Paper]:
    """The visible papers ``person`` upvoted, most recent vote first (a profile's "Upvoted")."""
    votes = on_visible_papers(Upvote.objects.filter(user=person))
    rows = votes.select_related("paper", "paper__daily_entry", "paper__daily_entry__submitter")
    return [vote.paper for vote in rows.order_by("-created_at", "-id")[:limit]]
