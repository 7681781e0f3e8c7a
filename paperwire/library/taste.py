"""A person's positives and negatives for the For-you ranking, read from what they did on paperwire."""

from __future__ import annotations

from django.contrib.auth.models import User

from paperwire.community.models import Comment, Upvote
from paperwire.library.models import Follow, NotInterested, SavedPaper
from paperwire.papers.models import Paper

# The newest this many of each kind count: enough to describe a person, and a
# bound on the work of one ranking.
MAX_PER_KIND = 300
# A followed author stands for their newest few papers.
PAPERS_PER_FOLLOWED_AUTHOR = 5


def positives_of(user: User, tag_id: int | None = None) -> list[Paper]:
    """Papers the person showed interest in, newest first: saves (and tags), upvotes, comments, followed authors.

    With ``tag_id``, only the papers carrying that tag: a per-tag ranking.
    """
    saves = SavedPaper.objects.filter(user=user)
    if tag_id is not None:
        saves = saves.filter(memberships__tag_id=tag_id)
    # (when, paper id) only: comments and saves carry long texts a ranking never reads.
    events = list(saves.order_by("-saved_at").values_list("saved_at", "paper_id")[:MAX_PER_KIND])
    if tag_id is None:
        events += (
            Upvote.objects.filter(user=user)
            .order_by("-created_at")
            .values_list("created_at", "paper_id")[:MAX_PER_KIND]
        )
        events += (
            Comment.objects.filter(author=user)
            .order_by("-created_at")
            .values_list("created_at", "paper_id")[:MAX_PER_KIND]
        )
        for follow in Follow.objects.filter(user=user, kind=Follow.Kind.AUTHOR)[:MAX_PER_KIND]:
            newest = Paper.objects.visible().by_author([follow.target]).order_by("-published", "-pk")
            events += [
                (follow.created_at, pk) for pk in newest.values_list("pk", flat=True)[:PAPERS_PER_FOLLOWED_AUTHOR]
            ]
    # Each paper once, at its newest event.
    newest_first = list(dict.fromkeys(paper_id for _, paper_id in sorted(events, key=lambda e: e[0], reverse=True)))
    dismissed = set(NotInterested.objects.filter(user=user).values_list("paper_id", flat=True))
    papers = Paper.objects.visible().in_bulk([pk for pk in newest_first if pk not in dismissed])
    return [papers[pk] for pk in newest_first if pk in papers]


def negatives_of(user: User) -> list[Paper]:
    """Papers the person marked "not interested", newest first."""
    ids = list(
        NotInterested.objects.filter(user=user)
        .order_by("-created_at")
        .values_list("paper_id", flat=True)[:MAX_PER_KIND]
    )
    papers = Paper.objects.in_bulk(ids)
    return [papers[pk] for pk in ids if pk in papers]
