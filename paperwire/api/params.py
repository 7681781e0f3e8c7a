"""Checks on free-text parameters that pydantic's types do not cover, answered with a 400 that says what to fix."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from ninja import Field, Path

from paperwire.api.errors import bad_request
from paperwire.lib.arxiv_ids import InvalidArxivId, parse_arxiv_id
from paperwire.lib.periods import InvalidPeriod, parse_day
from paperwire.lib.user_text import has_control_characters
from paperwire.papers.cursors import InvalidCursor, page_after
from paperwire.papers.models import Paper
from paperwire.papers.querysets import PaperQuerySet

# What the schema promises for ids in paths (checked again by parse_arxiv_id).
ARXIV_ID_PATTERN = r"^(?:arxiv:|arXiv:)?(?:\d{4}\.\d{4,5}|[a-zA-Z][a-zA-Z.\-]*/\d{7})(?:v\d+)?$"
ARXIV_ID_EXAMPLES = ["2506.08007", "hep-th/9901001"]


def clean_text(name: str, value: str | None) -> str | None:
    """``value`` stripped, or None when empty; a 400 naming ``name`` for control characters."""
    if value is None:
        return None
    if has_control_characters(value):
        raise bad_request(f"{name} contains control characters; send plain text.")
    value = value.strip()
    return value or None


def arxiv_id_of(text: str) -> str:
    """The canonical id in ``text``; a 400 with an example of the right form otherwise."""
    try:
        return parse_arxiv_id(text).id
    except InvalidArxivId as exc:
        raise bad_request(str(exc), error="invalid_arxiv_id") from None


def arxiv_id_path() -> Any:
    """The ``{arxiv_id}`` path parameter.

    The pattern is only published in the schema; the view checks the id
    itself so a malformed one gets parse_arxiv_id's helpful message.
    """
    param = Path(..., description="arXiv id, with or without version.", examples=ARXIV_ID_EXAMPLES)
    param.json_schema_extra["pattern"] = ARXIV_ID_PATTERN  # type: ignore[index]
    return param


DAY_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


def day_field(description: str) -> Any:
    """An optional YYYY-MM-DD query field (pydantic's date would also take 0 or 1.5 as timestamps)."""
    return Field(None, description=description, pattern=DAY_PATTERN, json_schema_extra={"format": "date"})


def day_of(name: str, text: str | None) -> date | None:
    if not text:
        return None
    try:
        return parse_day(text).start
    except InvalidPeriod as exc:
        raise bad_request(f"{name}: {exc}", error=f"invalid_{name}") from None


def published_between(queryset: PaperQuerySet, since: date | None, until: date | None) -> PaperQuerySet:
    """``queryset`` narrowed to papers first published from ``since`` through ``until`` (whole UTC days; None: open)."""
    if since:
        queryset = queryset.filter(published__gte=datetime.combine(since, time.min, tzinfo=UTC))
    if until:
        queryset = queryset.filter(published__lt=datetime.combine(until, time.min, tzinfo=UTC) + timedelta(days=1))
    return queryset


INVALID_CURSOR = (
    "cursor is not valid: pass the next_cursor (or the Link: rel=next URL) of a previous response unchanged."
)


def catalogue_page(queryset: PaperQuerySet, cursor: str | None, limit: int) -> tuple[list[Paper], str | None]:
    """One page of ``queryset`` after ``cursor`` (newest first) and the next page's cursor; a 400 for a bad cursor."""
    try:
        return page_after(queryset, clean_text("cursor", cursor), limit)
    except InvalidCursor:
        raise bad_request(INVALID_CURSOR, error="invalid_cursor") from None
