"""Reading a source's fields into a ``PaperRecord`` (paperwire.papers.records): ids, dates, text, names.

Every importer parses with these, so a date or an id means the same from any source.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from paperwire.lib.arxiv_ids import InvalidArxivId, parse_arxiv_id
from paperwire.papers.records import BadRecord, clean_text


def source_text(value: Any) -> str:
    """Text kept exactly as the source wrote it (abstracts: line breaks and indentation mark paragraphs).

    Only text that is all whitespace counts as missing.
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadRecord(f"expected text, got {type(value).__name__}")
    return value if value.strip() else ""


def canonical_id(value: Any) -> tuple[str, int | None]:
    if value is None or value == "":
        raise BadRecord("missing arXiv id")
    if not isinstance(value, str):
        raise BadRecord(f"arXiv id must be text, got {type(value).__name__}")
    try:
        parsed = parse_arxiv_id(value)
    except InvalidArxivId as exc:
        raise BadRecord(str(exc)) from None
    return parsed.id, parsed.version


_MONTHS = {name: number for number, name in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}


def _rfc2822(text: str) -> datetime:
    """``Mon, 2 Apr 2007 19:18:42 GMT`` (the snapshot's version dates), without strptime's cost."""
    try:
        _, day, month, year, clock, _zone = text.split()
        hour, minute, second = clock.split(":")
        return datetime(int(year), _MONTHS[month], int(day), int(hour), int(minute), int(second), tzinfo=UTC)
    except (ValueError, KeyError):
        return datetime.strptime(text, "%a, %d %b %Y %H:%M:%S %Z")


def parse_datetime_value(value: Any, what: str) -> datetime | None:
    """ISO 8601 (``2024-05-24T17:34:15.000Z``, ``2014-12-29``) or RFC 2822 (the snapshot's versions)."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise BadRecord(f"{what}: expected a date, got {type(value).__name__}")
    text = value.strip()
    try:
        if "," in text and "GMT" in text:
            parsed = _rfc2822(text)
        else:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise BadRecord(f"{what}: {text[:40]!r} is not a valid date") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def parse_date_value(value: Any, what: str) -> date | None:
    parsed = parse_datetime_value(value, what)
    return parsed.date() if parsed else None


def categories_from(value: Any) -> list[str]:
    """Space-separated text (arXiv) or a list (the cleaned snapshot)."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return [item.strip() for item in value if item.strip()]
    raise BadRecord("categories must be text or a list of text")


_AFFILIATION = re.compile(r"\([^()]*(?:\([^()]*\)[^()]*)*\)")
_AND = re.compile(r",?\s+and\s+|,\s*", re.IGNORECASE)


def split_author_string(value: str) -> list[str]:
    """``"A. One, B. Two and C. Three (MIT)"`` → names in order, affiliations dropped."""
    text = _AFFILIATION.sub(" ", value)
    names = (clean_text(part) for part in _AND.split(text))
    return [name for name in names if name and name.rstrip(".").casefold() != "et al"]
