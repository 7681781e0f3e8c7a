"""What cites a paper on a Hugging Face Hub: models, datasets and Spaces tagged ``arxiv:<id>``.

The Hub is asked by ``ingest.hub_citations`` (when ``PAPERWIRE_HF_HUB`` is
set); this module keeps its answers. A paper's answer replaces the previous
one whole, together with the paper's three counts and its "asked" marker, in
one short transaction per paper. Cards read the counts from ``Paper``'s own
columns (no query per card); the paper page reads the rows, most-liked first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Q

from paperwire.papers.models import Paper, PaperCitation
from paperwire.papers.querysets import PaperQuerySet

Kind = PaperCitation.Kind
# Papers listed (or first published) this many days back count as recent.
RECENT_DAYS = 30


@dataclass(frozen=True)
class CitationSeen:
    repo_id: str
    likes: int = 0
    downloads: int | None = None
    last_modified: datetime | None = None


@dataclass(frozen=True)
class PaperCitations:
    """A paper's citing repositories by kind, most-liked first."""

    models: list[PaperCitation]
    datasets: list[PaperCitation]
    spaces: list[PaperCitation]

    def __bool__(self) -> bool:
        return bool(self.models or self.datasets or self.spaces)


def recent_papers_due(now: datetime, refresh_after: timedelta) -> PaperQuerySet:
    """Recent visible papers whose citations are due, never-asked first, then oldest-asked."""
    since = now - timedelta(days=RECENT_DAYS)
    recent = Q(daily_entry__list_date__gte=since.date()) | Q(published__gte=since)
    due = Q(hub_checked_at__isnull=True) | Q(hub_checked_at__lt=now - refresh_after)
    return (
        Paper.objects.visible()
        .filter(recent & due)
        .order_by(F("hub_checked_at").asc(nulls_first=True), "-published", "pk")
    )


def store_citations(paper_id: int, found: Mapping[str, Sequence[CitationSeen]], fetched_at: datetime) -> None:
    """Replace the paper's citations with ``found`` (by kind) and mark it asked, in one transaction."""
    rows = [
        PaperCitation(
            paper_id=paper_id,
            kind=kind,
            repo_id=seen.repo_id,
            likes=seen.likes,
            downloads=seen.downloads,
            last_modified=seen.last_modified,
            fetched_at=fetched_at,
        )
        for kind in Kind.values
        for seen in _unique(found.get(kind, ()))
    ]
    with transaction.atomic():
        PaperCitation.objects.filter(paper_id=paper_id).delete()
        PaperCitation.objects.bulk_create(rows)
        Paper.objects.filter(pk=paper_id).update(
            hub_checked_at=fetched_at,
            hub_models=sum(row.kind == Kind.MODEL for row in rows),
            hub_datasets=sum(row.kind == Kind.DATASET for row in rows),
            hub_spaces=sum(row.kind == Kind.SPACE for row in rows),
        )


def _unique(seen: Sequence[CitationSeen]) -> list[CitationSeen]:
    """Each repository once (a Hub list can shift between two pages)."""
    return list({item.repo_id: item for item in reversed(seen)}.values())[::-1]


def citations_of(paper: Paper) -> PaperCitations:
    """The paper's citing models, datasets and Spaces (one query; none when the Hub was never asked)."""
    if paper.hub_checked_at is None:
        return PaperCitations([], [], [])
    rows = list(PaperCitation.objects.filter(paper=paper).order_by("-likes", "repo_id"))
    return PaperCitations(
        models=[row for row in rows if row.kind == Kind.MODEL],
        datasets=[row for row in rows if row.kind == Kind.DATASET],
        spaces=[row for row in rows if row.kind == Kind.SPACE],
    )
