"""Small builders for catalogue rows in tests (real rows in the real database)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from itertools import count
from typing import Any

from paperwire.papers.models import DailyEntry, Paper

_ids = count(1)


def make_paper(
    *, list_date: date | None = None, listed_at: datetime | None = None, submitter_name: str = "", **fields: Any
) -> Paper:
    """A paper; with ``list_date`` or ``listed_at`` (the submission time) also on that day's list."""
    number = next(_ids)
    upvotes = fields.pop("upvotes", 0)
    defaults: dict[str, Any] = {
        "arxiv_id": f"2501.{number:05d}",
        "title": f"Paper number {number}",
        "abstract": f"Abstract of paper {number}.",
        "authors": ["Ada Lovelace", "Alan Turing"],
        "categories": ["cs.LG"],
        "primary_category": "cs.LG",
        "published": datetime(2025, 1, 1, tzinfo=UTC),
        "upvotes_imported": upvotes,
        "upvote_count": upvotes,
    }
    defaults.update(fields)
    paper = Paper.objects.create(**defaults)
    if listed_at is not None:
        list_date = listed_at.date()
    if list_date is not None:
        DailyEntry.objects.create(
            paper=paper,
            list_date=list_date,
            submitted_at=listed_at or datetime.combine(list_date, time(8), tzinfo=UTC),
            submitter_name=submitter_name,
            source="test",
        )
    return paper
