"""Hugging Face's JSON shapes for papers, built from paperwire's catalogue.

The reference is what huggingface.co answers (../shared/data/hf-daily holds
521 real answers of ``/api/daily_papers``) and what ``huggingface_hub``'s
``PaperInfo`` reads. Field names, nesting and the date format
(``2025-06-09T17:59:53.000Z``) are HF's; ids HF keeps in its own database
(author ``_id``, ``discussionId``) are derived stably from ours: 24 hex
digits from the paper's primary key and the author's position.

Keys HF sends that paperwire keeps no column for (``organization``,
``mediaUrls``, ``githubRepoAddedBy``, ``ai_summary_model``, and any key HF
adds later) come from the paper's latest raw Hugging Face item
(``papers.SourceRecord``, kept by ``ingest hf-daily`` and ``follow``), so an
answer has every key the upstream's had. Paperwire's own values win
everywhere it has one (counts, dates, the submitter), except that the
upstream's text is served when it says the same thing with other whitespace
(titles wrapped by arXiv, a stray space before a URL), and that HF's own ids
and flags (``_id``, ``discussionId``, ``isAuthorParticipating``, ``isPro`` …)
are served as HF sent them. Keys whose value is ``null`` are left out.

Two deliberate additions, both ignored by a strict HF client:
- ``submittedBy`` carries ``user`` besides HF's ``name``, because
  ``huggingface_hub``'s ``User`` reads the user name from ``user``.
- a daily item repeats ``githubRepo``, ``githubStars``, ``projectPage``,
  ``ai_summary`` and ``ai_keywords`` at the top level, where ``PaperInfo``
  looks for them (HF only has them inside ``paper``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import UTC, datetime, time
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from paperwire.community.verified_authors import papers_with_verified_authors
from paperwire.papers.models import DailyEntry, Paper
from paperwire.papers.source_records import hf_items

# Response shapes are plain pydantic models: ninja's Schema wraps every
# nested object in a Django-aware getter, which tripled the cost of a list.


class HfShape(BaseModel):
    """Keys beyond the declared ones are HF's, passed through as the upstream sent them."""

    model_config = ConfigDict(extra="allow")


class HfAuthor(HfShape):
    id: str = Field(..., alias="_id")
    name: str
    hidden: bool


class HfUser(HfShape):
    """``submittedOnDailyBy``: the user who put the paper on the daily list."""

    id: str = Field(..., alias="_id")
    avatarUrl: str
    isPro: bool
    fullname: str
    user: str
    type: str


class HfSubmitter(HfShape):
    """``submittedBy`` of a daily item (HF names the user ``name`` here)."""

    id: str = Field(..., alias="_id")
    avatarUrl: str
    fullname: str
    name: str
    user: str
    type: str
    isPro: bool
    isHf: bool
    isHfAdmin: bool
    isMod: bool


class HfPaper(HfShape):
    id: str = Field(..., description="arXiv id without version", examples=["2506.08007"])
    authors: list[HfAuthor]
    publishedAt: str = Field(..., description="first arXiv version, e.g. 2025-06-09T17:59:53.000Z")
    submittedOnDailyAt: str | None = None
    title: str
    submittedOnDailyBy: HfUser | None = None
    summary: str
    upvotes: int
    discussionId: str
    ai_summary: str | None = None
    ai_keywords: list[str] | None = None
    githubRepo: str | None = None
    githubStars: int | None = None
    projectPage: str | None = None


class HfPaperDetail(HfPaper):
    """``GET /api/papers/{id}``: the paper object, flat, with its comment count."""

    numComments: int


class HfDailyItem(HfShape):
    """One entry of ``/api/daily_papers`` and ``/api/papers/search``."""

    paper: HfPaper
    publishedAt: str = Field(..., description="when the paper was put on the daily list (or published, if never)")
    title: str
    summary: str
    numComments: int
    submittedBy: HfSubmitter | None = None
    isAuthorParticipating: bool
    githubRepo: str | None = None
    githubStars: int | None = None
    projectPage: str | None = None
    ai_summary: str | None = None
    ai_keywords: list[str] | None = None
    thumbnail: str | None = None


# HF's own ids and flags: the upstream's value is the true one where it has one.
_UPSTREAM_WINS = frozenset(
    {"_id", "discussionId", "isAuthorParticipating", "hidden", "isPro", "isHf", "isHfAdmin", "isMod", "isEnterprise"}
)
# Keys naming who or what an object is: when they differ, the objects are not the same one.
_IDENTITY = ("id", "user", "name")
_SPACES = re.compile(r"\s+")


def _same_text(one: str, other: str) -> bool:
    """Equal but for whitespace: a title wrapped by arXiv, a URL typed with a space in it."""
    # Most pairs are identical: skip the two substitutions (a search answer compares ~850 pairs).
    return one == other or _SPACES.sub("", one) == _SPACES.sub("", other)


def overlay(upstream: Any, ours: Any) -> Any:
    """``ours`` with the keys only ``upstream`` has added, and its text where it says the same thing."""
    if isinstance(ours, dict) and isinstance(upstream, dict):
        for key in _IDENTITY:
            mine, theirs = ours.get(key), upstream.get(key)
            if isinstance(mine, str) and isinstance(theirs, str) and not _same_text(mine, theirs):
                return ours
        merged = dict(upstream)
        for key, value in ours.items():
            if key not in upstream:
                merged[key] = value
            elif key in _UPSTREAM_WINS and value is not None and type(upstream[key]) is type(value):
                merged[key] = upstream[key]
            else:
                merged[key] = overlay(upstream[key], value)
        return merged
    if isinstance(ours, list) and isinstance(upstream, list) and len(ours) == len(upstream):
        return [overlay(theirs, mine) for theirs, mine in zip(upstream, ours, strict=True)]
    if isinstance(ours, str) and isinstance(upstream, str) and _same_text(ours, upstream):
        return upstream
    return ours


def hf_datetime(value: datetime | None) -> str | None:
    """HF's format: UTC, milliseconds, a literal Z."""
    if value is None:
        return None
    value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


@lru_cache(maxsize=4096)
def _user_id(username: str) -> str:
    """A stable 24-hex id for a user name, in the style of HF's ``_id`` values."""
    return hashlib.blake2b(username.encode(), digest_size=12).hexdigest()


def _daily_entry(paper: Paper) -> DailyEntry | None:
    try:
        return paper.daily_entry
    except DailyEntry.DoesNotExist:
        return None


def _submitter_fields(entry: DailyEntry) -> tuple[str, str, str] | None:
    """(user name, full name, avatar URL) of whoever put the paper on the list."""
    if entry.submitter_id is not None and entry.submitter is not None:
        user = entry.submitter
        username = user.get_username()
        return username, user.get_full_name() or username, ""
    if entry.submitter_name:
        return entry.submitter_name, entry.submitter_fullname or entry.submitter_name, entry.submitter_avatar
    return None


def submitted_at(entry: DailyEntry) -> datetime:
    """When the paper joined its list; the list day's midnight (UTC) when not recorded."""
    if entry.submitted_at is not None:
        return entry.submitted_at
    return datetime.combine(entry.list_date, time.min, tzinfo=UTC)


def hf_paper(paper: Paper) -> dict[str, Any]:
    entry = _daily_entry(paper)
    data: dict[str, Any] = {
        "id": paper.arxiv_id,
        "authors": [
            {"_id": f"{paper.pk:016x}{index:08x}", "name": name, "hidden": False}
            for index, name in enumerate(paper.authors or [])
        ],
        "publishedAt": hf_datetime(paper.published or paper.created_at),
        "title": paper.title,
        "summary": paper.abstract,
        "upvotes": paper.upvote_count,
        "discussionId": f"{paper.pk:016x}d15c0000",
        "ai_summary": paper.ai_summary or None,
        "ai_keywords": list(paper.keywords) if paper.keywords else None,
        "githubRepo": paper.github_repo or None,
        "githubStars": paper.github_stars,
        "projectPage": paper.project_page or None,
    }
    if entry is not None:
        data["submittedOnDailyAt"] = hf_datetime(submitted_at(entry))
        who = _submitter_fields(entry)
        if who is not None:
            username, fullname, avatar = who
            data["submittedOnDailyBy"] = {
                "_id": _user_id(username),
                "avatarUrl": avatar,
                "isPro": False,
                "fullname": fullname,
                "user": username,
                "type": "user",
            }
    return data


def _upstream_item(paper: Paper, items: dict[int, dict[str, Any]] | None) -> dict[str, Any] | None:
    if items is None:
        items = hf_items([paper])
    return items.get(paper.pk)


def hf_paper_detail(paper: Paper, items: dict[int, dict[str, Any]] | None = None) -> dict[str, Any]:
    """``GET /api/papers/{id}``; ``items`` from ``hf_items`` when answering for many papers (else one query)."""
    data = hf_paper(paper)
    data["numComments"] = paper.comment_count
    upstream = _upstream_item(paper, items)
    if upstream is not None and isinstance(upstream.get("paper"), dict):
        data = overlay(upstream["paper"], data)
    return data


def hf_paper_details(papers: Sequence[Paper]) -> list[dict[str, Any]]:
    items = hf_items(papers)
    return [hf_paper_detail(paper, items) for paper in papers]


def hf_daily_items(papers: Sequence[Paper]) -> list[dict[str, Any]]:
    """Daily items for ``papers``, their upstream items read in one query."""
    items = hf_items(papers)
    participating = papers_with_verified_authors(paper.pk for paper in papers)
    return [hf_daily_item(paper, items, participating=paper.pk in participating) for paper in papers]


def hf_daily_item(
    paper: Paper, items: dict[int, dict[str, Any]] | None = None, *, participating: bool | None = None
) -> dict[str, Any]:
    """One daily item; ``items`` and ``participating`` known when answering for many papers (else a query each).

    ``isAuthorParticipating`` is HF's flag as HF sent it, and true as well when
    one of the paper's authors is verified here (an approved claim), as HF
    sets it when an author claims the paper.
    """
    if participating is None:
        participating = paper.pk in papers_with_verified_authors([paper.pk])
    entry = _daily_entry(paper)
    inner = hf_paper(paper)
    item: dict[str, Any] = {
        "paper": inner,
        "publishedAt": hf_datetime(submitted_at(entry)) if entry is not None else inner["publishedAt"],
        "title": paper.title,
        "summary": paper.abstract,
        "numComments": paper.comment_count,
        "isAuthorParticipating": False,
        "thumbnail": paper.thumbnail or None,
    }
    for key in ("githubRepo", "githubStars", "projectPage", "ai_summary", "ai_keywords"):
        item[key] = inner[key]
    by = inner.get("submittedOnDailyBy")
    if by is not None:
        item["submittedBy"] = {
            "_id": by["_id"],
            "avatarUrl": by["avatarUrl"],
            "fullname": by["fullname"],
            "name": by["user"],
            "user": by["user"],
            "type": "user",
            "isPro": False,
            "isHf": False,
            "isHfAdmin": False,
            "isMod": False,
        }
    upstream = _upstream_item(paper, items)
    if upstream is not None:
        upstream_paper = upstream.get("paper")
        theirs: dict[str, Any] = upstream_paper if isinstance(upstream_paper, dict) else {}
        for key, mine in (("title", paper.title), ("summary", paper.abstract)):
            if (
                isinstance(upstream.get(key), str)
                and isinstance(theirs.get(key), str)
                and _same_text(theirs[key], mine)
            ):
                # HF's item writes the paper's own text its way (its title keeps the LaTeX).
                item[key] = upstream[key]
        item = overlay(upstream, item)
    if participating:
        item["isAuthorParticipating"] = True
    return item
