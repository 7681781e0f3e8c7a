"""A person's positives and negatives for the For-you ranking, read from what they did on paperwire.

Each positive keeps the reason it counts (saved, in a tag, upvoted,
commented on, by an author they follow), so the page can say why a paper
is shown in the person's own terms, and the ranking can spread papers drawn
from one follow or one tag.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import User

from paperwire.community.models import Comment, Upvote
from paperwire.library.models import Follow, NotInterested, SavedPaper, TagMembership
from paperwire.papers.models import Paper

# The newest this many of each kind count: enough to describe a person, and a
# bound on the work of one ranking.
MAX_PER_KIND = 300
# A followed author stands for their newest few papers.
PAPERS_PER_FOLLOWED_AUTHOR = 5


@dataclass(frozen=True)
class Reason:
    """Why a paper is one of the person's positives."""

    kind: str  # "saved", "tag", "upvoted", "commented" or "follow"
    label: str = ""  # the tag's name or the followed author's name

    @property
    def source(self) -> str:
        """The group this positive belongs to, for spreading recommendations ("" for none)."""
        return f"{self.kind}:{self.label}" if self.kind in ("tag", "follow") else ""


@dataclass
class Taste:
    """A person's positives, newest first, with the reason each one counts."""

    papers: list[Paper] = field(default_factory=list)
    reasons: dict[int, Reason] = field(default_factory=dict)
    saved_ids: set[int] = field(default_factory=set)
    # Folded names of followed authors → the name as the person followed it.
    followed_authors: dict[str, str] = field(default_factory=dict)

    def sources(self) -> dict[int, str]:
        return {pk: reason.source for pk, reason in self.reasons.items()}


Event = tuple[datetime, int, Reason]


def taste_of(user: User, tag_id: int | None = None, tag_name: str = "") -> Taste:
    """Papers the person showed interest in: saves (and tags), upvotes, comments, followed authors.

    With ``tag_id``, only the papers carrying that tag: a per-tag ranking.
    """
    events = _saved_events(user, tag_id, tag_name)
    follows = {f.target: f.label or f.target for f in Follow.objects.filter(user=user, kind=Follow.Kind.AUTHOR)}
    if tag_id is None:
        events += [
            (at, pk, Reason("upvoted"))
            for at, pk in Upvote.objects.filter(user=user)
            .order_by("-created_at")
            .values_list("created_at", "paper_id")[:MAX_PER_KIND]
        ]
        events += [
            (at, pk, Reason("commented"))
            for at, pk in Comment.objects.filter(author=user)
            .order_by("-created_at")
            .values_list("created_at", "paper_id")[:MAX_PER_KIND]
        ]
        events += _followed_author_events(user)
    # Each paper once, at its newest event, and for that event's reason.
    reasons: dict[int, Reason] = {}
    for _, paper_id, reason in sorted(events, key=lambda e: e[0], reverse=True):
        reasons.setdefault(paper_id, reason)
    dismissed = set(NotInterested.objects.filter(user=user).values_list("paper_id", flat=True))
    papers = Paper.objects.visible().in_bulk([pk for pk in reasons if pk not in dismissed])
    kept = [papers[pk] for pk in reasons if pk in papers]
    saved_ids = set(SavedPaper.objects.filter(user=user).values_list("paper_id", flat=True))
    return Taste(kept, {p.pk: reasons[p.pk] for p in kept}, saved_ids, follows)


def positives_of(user: User, tag_id: int | None = None) -> list[Paper]:
    """The papers of :func:`taste_of`, newest first."""
    return taste_of(user, tag_id).papers


def _saved_events(user: User, tag_id: int | None, tag_name: str) -> list[Event]:
    saves = SavedPaper.objects.filter(user=user)
    if tag_id is not None:
        saves = saves.filter(memberships__tag_id=tag_id)
    # (when, paper id) only: saves carry notes a ranking never reads.
    rows = list(saves.order_by("-saved_at").values_list("saved_at", "paper_id", "pk")[:MAX_PER_KIND])
    if tag_id is not None:
        return [(at, paper_id, Reason("tag", tag_name)) for at, paper_id, _ in rows]
    # A tagged save is explained by its (first) tag, the person's own word for it.
    tag_of: dict[int, str] = {}
    for saved_id, name in (
        TagMembership.objects.filter(saved_id__in=[pk for _, _, pk in rows])
        .order_by("tag__name")
        .values_list("saved_id", "tag__name")
    ):
        tag_of.setdefault(saved_id, name)
    return [(at, paper_id, Reason("tag", tag_of[pk]) if pk in tag_of else Reason("saved")) for at, paper_id, pk in rows]


def _followed_author_events(user: User) -> list[Event]:
    events: list[Event] = []
    for follow in Follow.objects.filter(user=user, kind=Follow.Kind.AUTHOR)[:MAX_PER_KIND]:
        newest = Paper.objects.visible().by_author([follow.target]).order_by("-published", "-pk")
        reason = Reason("follow", follow.label or follow.target)
        events += [
            (follow.created_at, pk, reason) for pk in newest.values_list("pk", flat=True)[:PAPERS_PER_FOLLOWED_AUTHOR]
        ]
    return events


def has_library(user: object) -> bool:
    """Whether ``user`` (maybe anonymous) has saved any paper: For you has something to go on."""
    return isinstance(user, User) and SavedPaper.objects.filter(user=user).exists()


def negatives_of(user: User) -> list[Paper]:
    """Papers the person marked "not interested", newest first."""
    ids = list(
        NotInterested.objects.filter(user=user)
        .order_by("-created_at")
        .values_list("paper_id", flat=True)[:MAX_PER_KIND]
    )
    papers = Paper.objects.in_bulk(ids)
    return [papers[pk] for pk in ids if pk in papers]
