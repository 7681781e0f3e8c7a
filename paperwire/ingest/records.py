"""What every importer produces: a source-neutral record of one paper.

Importers map their input to ``PaperRecord``; ``upsert.upsert_papers`` is
the only code that writes papers. A record carries only what its source
knows, so importing a second source never blanks fields the first one set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from paperwire.lib.arxiv_ids import InvalidArxivId, parse_arxiv_id
from paperwire.lib.http_urls import http_url

# Fields that describe a version of the paper on arXiv: a newer version
# replaces them, an older one never does.
META_FIELDS = (
    "title",
    "abstract",
    "authors",
    "categories",
    "primary_category",
    "published",
    "updated",
    "comments",
    "journal_ref",
    "doi",
    "license",
)
# Fields only Hugging Face knows; they fill in blanks (text) or only grow (stars).
EXTRA_TEXT_FIELDS = ("github_repo", "project_page", "keywords", "ai_summary", "thumbnail")
# Extra fields that become links: only http(s) survives, whatever the importer passed.
EXTRA_URL_FIELDS = ("github_repo", "project_page", "thumbnail")

_SPACES = re.compile(r"\s+")


class BadRecord(ValueError):
    """One input record cannot be imported; the message says why."""


@dataclass
class DailyRecord:
    list_date: date
    submitted_at: datetime | None = None
    submitter_name: str = ""
    submitter_fullname: str = ""
    submitter_avatar: str = ""
    source: str = "hf"

    def __post_init__(self) -> None:
        # A `javascript:` avatar from an imported file must never reach an <img> or a client.
        self.submitter_avatar = http_url(self.submitter_avatar)


@dataclass
class PaperRecord:
    arxiv_id: str
    # None when the source does not say (HF items, the cleaned snapshot, OAI's arXiv format).
    version: int | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    github_stars: int | None = None
    upvotes: int | None = None
    num_comments: int | None = None
    withdrawn: bool = False
    # False when meta["updated"] is not a version date (the cleaned snapshot's
    # update_date): such a record cannot prove it is newer, so it only fills blanks.
    dated: bool = True
    daily: DailyRecord | None = None
    # Where it came from, for messages: "2024-05-27.json:12".
    origin: str = ""
    # The record exactly as the source sent it, kept as the paper's latest
    # ``SourceRecord`` of ``raw_source`` ("hf-daily", "follow:<base url>" …).
    raw: Any = None
    raw_source: str = ""

    def __post_init__(self) -> None:
        # Every importer builds a PaperRecord, so links are made safe here once.
        for name in EXTRA_URL_FIELDS:
            if name in self.extra:
                self.extra[name] = http_url(self.extra[name])


def clean_text(value: Any) -> str:
    """Collapse arXiv's hard line wraps and indentation into single spaces."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadRecord(f"expected text, got {type(value).__name__}")
    return _SPACES.sub(" ", value).strip()


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
