"""Opaque cursors for keyset paging of the whole catalogue.

Papers are walked newest first by ``published`` (papers without a date last),
ties by descending primary key. A cursor names the last paper of a page, so
pages stay stable while papers are added, and any page costs one index scan
however deep it is (an OFFSET would not).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, Q, QuerySet

from paperwire.api.errors import bad_request
from paperwire.papers.models import Paper

_INVALID = "cursor is not valid: pass the next_cursor (or the Link: rel=next URL) of a previous response unchanged."


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
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
        stamp, pk_text = raw.split("|")
        published = datetime.fromisoformat(stamp) if stamp else None
        pk = int(pk_text)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise bad_request(_INVALID, error="invalid_cursor") from None
    if pk < 0 or pk > 2**62 or (published is not None and published.tzinfo is None):
        raise bad_request(_INVALID, error="invalid_cursor")
    return Cursor(published, pk)


def catalogue_order(queryset: QuerySet[Paper]) -> QuerySet[Paper]:
    return queryset.order_by(F("published").desc(nulls_last=True), "-pk")


def after_cursor(queryset: QuerySet[Paper], cursor: Cursor) -> QuerySet[Paper]:
    if cursor.published is None:
        return queryset.filter(published__isnull=True, pk__lt=cursor.pk)
    return queryset.filter(
        Q(published__lt=cursor.published) | Q(published=cursor.published, pk__lt=cursor.pk) | Q(published__isnull=True)
    )


def page_after(queryset: QuerySet[Paper], cursor_text: str | None, limit: int) -> tuple[list[Paper], str | None]:
    """One page of ``queryset`` in catalogue order, and the cursor of the next page (None at the end)."""
    ordered = catalogue_order(queryset)
    if cursor_text:
        ordered = after_cursor(ordered, decode_cursor(cursor_text))
    rows = list(ordered[: limit + 1])
    papers = rows[:limit]
    next_cursor = Cursor.after(papers[-1]).encode() if len(rows) > limit else None
    return papers, next_cursor
