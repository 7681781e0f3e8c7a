"""Opaque cursors for keyset paging of the whole catalogue.

Papers are walked in ``catalogue_order`` (newest ``published`` first, papers
without a date last, ties by descending primary key). A cursor names the last
paper of a page, so pages stay stable while papers are added, and any page
costs one index scan however deep it is (an OFFSET would not).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import Q

from paperwire.papers.models import Paper
from paperwire.papers.querysets import PaperQuerySet


class InvalidCursor(ValueError):
    """The text is not a cursor this module made (hand-edited, truncated, or from elsewhere)."""


@dataclass(frozen=True)
class Cursor:
    published: datetime | None
    pk: int

    def encode(self) -> str:
        stamp = self.published.isoformat() if self.published is not None else ""
        return base64.urlsafe_b64encode(f"{stamp}|{self.pk}".encode()).decode().rstrip("=")

    @classmethod
    def after(cls, paper: Paper) -> Cursor:
        return cls(paper.published, paper.pk)


def decode_cursor(text: str) -> Cursor:
    """The cursor ``text`` encodes; ``InvalidCursor`` for anything ``Cursor.encode`` cannot have made."""
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
        stamp, pk_text = raw.split("|")
        published = datetime.fromisoformat(stamp) if stamp else None
        pk = int(pk_text)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidCursor(f"{text[:40]!r} is not a paging cursor") from None
    # Bounded so the database never sees an integer it cannot hold, and aware like every stored date.
    if pk < 0 or pk > 2**62 or (published is not None and published.tzinfo is None):
        raise InvalidCursor(f"{text[:40]!r} is not a paging cursor")
    if published is not None:
        try:
            # Dates are stored in UTC; a moment with no UTC date (0001-01-01T00:00+14:00) was never a paper's.
            published = published.astimezone(UTC)
        except OverflowError:
            raise InvalidCursor(f"{text[:40]!r} is not a paging cursor") from None
    return Cursor(published, pk)


def after_cursor(queryset: PaperQuerySet, cursor: Cursor) -> PaperQuerySet:
    """The papers that come after ``cursor`` in catalogue order."""
    if cursor.published is None:
        return queryset.filter(published__isnull=True, pk__lt=cursor.pk)
    return queryset.filter(
        Q(published__lt=cursor.published) | Q(published=cursor.published, pk__lt=cursor.pk) | Q(published__isnull=True)
    )


def page_after(queryset: PaperQuerySet, cursor_text: str | None, limit: int) -> tuple[list[Paper], str | None]:
    """One page of ``queryset`` in catalogue order, and the cursor of the next page (None at the end).

    ``InvalidCursor`` when ``cursor_text`` is not a cursor of a previous page.
    """
    ordered = queryset.catalogue_order()
    if cursor_text:
        ordered = after_cursor(ordered, decode_cursor(cursor_text))
    rows = list(ordered[: limit + 1])
    papers = rows[:limit]
    next_cursor = Cursor.after(papers[-1]).encode() if len(rows) > limit else None
    return papers, next_cursor
