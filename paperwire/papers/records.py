"""What a write to the catalogue carries: a source-neutral record of one paper.

Importers (``paperwire.ingest``) map their input to ``PaperRecord``;
``writes.upsert_papers`` is the only code that writes papers. A record
carries only what its source knows, so importing a second source never
blanks fields the first one set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

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
