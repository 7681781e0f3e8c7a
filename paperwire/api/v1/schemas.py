"""Shapes of paperwire's own API (``/api/v1/``): snake_case, ISO 8601 datetimes.

Responses are plain pydantic models (ninja's Schema wraps every nested
object in a Django-aware getter, which is slow for lists); inputs are
ninja Schemas.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Schema
from pydantic import BaseModel, ConfigDict, Field

from paperwire.papers.models import DailyEntry, Paper


class ListingOut(BaseModel):
    date: dt.date
    submitted_at: dt.datetime | None
    submitter: str | None


class LinksOut(BaseModel):
    abs: str
    pdf: str
    page: str


class HubCitationsOut(BaseModel):
    models: int
    datasets: int
    spaces: int
    checked_at: dt.datetime


class PaperOut(BaseModel):
    id: str
    version: int
    title: str
    abstract: str
    authors: list[str]
    categories: list[str]
    primary_category: str
    published: dt.datetime | None
    updated: dt.datetime | None
    arxiv_comments: str
    journal_ref: str
    doi: str
    license: str
    withdrawn: bool
    github_repo: str | None
    github_stars: int | None
    project_page: str | None
    keywords: list[str]
    ai_summary: str
    upvotes: int
    num_comments: int
    listing: ListingOut | None
    hub_citations: HubCitationsOut | None = Field(
        ..., description="Models, datasets and Spaces on the Hub citing the paper; null until the Hub was asked."
    )
    links: LinksOut


class PaperPageOut(BaseModel):
    items: list[PaperOut]
    next_cursor: str | None


class PeriodOut(BaseModel):
    kind: str
    label: str
    start: dt.date
    end: dt.date


class ListPageOut(BaseModel):
    period: PeriodOut
    items: list[PaperOut]
    page: int
    next_page: int | None


class HighlightsOut(BaseModel):
    title_html: str
    snippet_html: str


class SearchHitOut(PaperOut):
    highlights: HighlightsOut = Field(..., description="Title and an abstract snippet, escaped, matches in <mark>.")
    matched_by: list[str] = Field(..., description='"keyword" and/or "semantic"')


class SearchPageOut(BaseModel):
    items: list[SearchHitOut]
    total: int
    page: int
    next_page: int | None
    notes: list[str] = Field(..., description="Parts of the query that were ignored, and why.")


class TrendingOut(BaseModel):
    window: str
    first_day: dt.date
    last_day: dt.date
    items: list[PaperOut]


class VoteOut(BaseModel):
    paper: str
    voted: bool
    upvotes: int


class CommentOut(BaseModel):
    id: int
    author: str
    body: str
    body_html: str
    created_at: dt.datetime
    edited_at: dt.datetime | None
    parent_id: int | None
    replies: list[CommentOut] = []


class CommentIn(Schema):
    # JSON bodies are typed: 0 is not false, "1" is not 1.
    model_config = ConfigDict(strict=True)

    body: str
    parent_id: int | None = None


class ArxivIdIn(Schema):
    # JSON bodies are typed: 0 is not false, "1" is not 1.
    model_config = ConfigDict(strict=True)

    arxiv_id: str


class MeOut(BaseModel):
    username: str
    authenticated_by: str


def _listing(paper: Paper) -> dict[str, Any] | None:
    try:
        entry = paper.daily_entry
    except DailyEntry.DoesNotExist:
        return None
    return {
        "date": entry.list_date,
        "submitted_at": entry.submitted_at,
        "submitter": entry.submitter_display or None,
    }


def _hub_citations(paper: Paper) -> dict[str, Any] | None:
    if paper.hub_checked_at is None:
        return None
    return {
        "models": paper.hub_models,
        "datasets": paper.hub_datasets,
        "spaces": paper.hub_spaces,
        "checked_at": paper.hub_checked_at,
    }


def paper_out(paper: Paper, site_url: str) -> dict[str, Any]:
    return {
        "id": paper.arxiv_id,
        "version": paper.version,
        "title": paper.title,
        "abstract": paper.abstract,
        "authors": list(paper.authors or []),
        "categories": list(paper.categories or []),
        "primary_category": paper.primary_category,
        "published": paper.published,
        "updated": paper.updated,
        "arxiv_comments": paper.comments,
        "journal_ref": paper.journal_ref,
        "doi": paper.doi,
        "license": paper.license,
        "withdrawn": paper.withdrawn,
        "github_repo": paper.github_repo or None,
        "github_stars": paper.github_stars,
        "project_page": paper.project_page or None,
        "keywords": list(paper.keywords or []),
        "ai_summary": paper.ai_summary,
        "upvotes": paper.upvote_count,
        "num_comments": paper.comment_count,
        "listing": _listing(paper),
        "hub_citations": _hub_citations(paper),
        "links": {"abs": paper.abs_url, "pdf": paper.pdf_url, "page": site_url + paper.get_absolute_url()},
    }


class SubmissionOut(Schema):
    id: int
    arxiv_id: str
    status: Literal["queued", "done", "refused", "unavailable"] = Field(
        description="queued: the worker is fetching it from arXiv; done: listed; refused: see detail; "
        "unavailable: arXiv could not be reached, submit again later"
    )
    detail: str
    list_date: dt.date | None
    requested_at: dt.datetime
    finished_at: dt.datetime | None
    paper: str | None = Field(description="the paper's API URL once it is in")
