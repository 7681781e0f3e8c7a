"""paperwire's own read API under ``/api/v1/``: papers, lists, trending, search, similar."""

from __future__ import annotations

from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema

from paperwire.api import searching
from paperwire.api.auth import api_auth, require_user
from paperwire.api.errors import READ_ERRORS, ErrorOut, bad_request
from paperwire.api.limits import rate_limit_read
from paperwire.api.lookups import visible_paper
from paperwire.api.params import arxiv_id_path, catalogue_page, clean_text, day_field, day_of, published_between
from paperwire.api.v1.schemas import (
    ListPageOut,
    MeOut,
    PaperOut,
    PaperPageOut,
    SearchPageOut,
    TrendingOut,
    paper_out,
)
from paperwire.lib.periods import InvalidPeriod, Period, parse_day, parse_month, parse_week
from paperwire.papers.models import Paper
from paperwire.papers.trending import WINDOWS, trending_for_window
from paperwire.search.similar import similar_papers

router = Router(tags=["paperwire v1"])


def many_out(papers: list[Paper]) -> list[dict[str, Any]]:
    return [paper_out(paper, settings.SITE_URL) for paper in papers]


class PapersQuery(Schema):
    category: str | None = Field(None, description="Primary arXiv category, e.g. cs.CL.", max_length=32)
    since: str | None = day_field("First published on or after this day (YYYY-MM-DD).")
    until: str | None = day_field("First published on or before this day (YYYY-MM-DD).")
    limit: int = Field(50, ge=1, le=100)
    cursor: str | None = Field(None, description="next_cursor of the previous page.", max_length=200)


@router.get("/papers", response={200: PaperPageOut, **READ_ERRORS}, summary="All papers, newest first")
def list_papers(request: HttpRequest, params: Query[PapersQuery]) -> dict[str, Any]:
    rate_limit_read(request)
    queryset = Paper.objects.visible().with_entry()
    category = clean_text("category", params.category)
    if category:
        queryset = queryset.filter(primary_category=category)
    since, until = day_of("since", params.since), day_of("until", params.until)
    queryset = published_between(queryset, since, until)
    papers, next_cursor = catalogue_page(queryset, params.cursor, params.limit)
    return {"items": many_out(papers), "next_cursor": next_cursor}


class SimilarQuery(Schema):
    limit: int = Field(6, ge=1, le=50)


@router.get(
    "/papers/{path:arxiv_id}/similar",
    response={200: list[PaperOut], 404: ErrorOut, **READ_ERRORS},
    summary="Papers similar to this one",
)
def similar(request: HttpRequest, params: Query[SimilarQuery], arxiv_id: str = arxiv_id_path()) -> list[dict[str, Any]]:
    rate_limit_read(request)
    paper = visible_paper(arxiv_id)
    return many_out([other for other in similar_papers(paper, limit=params.limit) if not other.hidden])


def _parse_list_period(text: str) -> Period:
    try:
        if len(text) == 10:
            return parse_day(text)
        if "W" in text.upper():
            return parse_week(text.upper())
        return parse_month(text)
    except InvalidPeriod as exc:
        raise bad_request(
            f"{exc}. A list is named by a day (2025-06-10), an ISO week (2025-W24) or a month (2025-06).",
            error="invalid_period",
        ) from None


def period_path() -> Any:
    param = Path(
        ...,
        description="A day (2025-06-10), an ISO week (2025-W24) or a month (2025-06).",
        examples=["2025-06-10", "2025-W24", "2025-06"],
    )
    param.json_schema_extra["pattern"] = r"^\d{4}-(\d{2}-\d{2}|W\d{2}|\d{2})$"  # type: ignore[index]
    return param


class ListQuery(Schema):
    sort: Literal["upvotes", "date"] = Field("upvotes", description="upvotes: most upvoted first; date: newest first.")
    page: int = Field(0, ge=0, le=10_000)
    limit: int = Field(50, ge=1, le=100)


@router.get(
    "/lists/{period}",
    response={200: ListPageOut, **READ_ERRORS},
    summary="The daily, weekly or monthly list",
)
def daily_list(
    request: HttpRequest,
    params: Query[ListQuery],
    period: str = period_path(),
) -> dict[str, Any]:
    rate_limit_read(request)
    parsed = _parse_list_period(period.strip())
    queryset = Paper.objects.listed().in_period(parsed).in_list_order(params.sort)
    offset = params.page * params.limit
    rows = list(queryset[offset : offset + params.limit + 1])
    return {
        "period": {"kind": parsed.kind, "label": parsed.label, "start": parsed.start, "end": parsed.end},
        "items": many_out(rows[: params.limit]),
        "page": params.page,
        "next_page": params.page + 1 if len(rows) > params.limit else None,
    }


class TrendingQuery(Schema):
    window: Literal["day", "week", "month"] = Field("week", description=f"One of {', '.join(WINDOWS)}.")
    limit: int = Field(50, ge=1, le=100)


@router.get("/trending", response={200: TrendingOut, **READ_ERRORS}, summary="Trending papers")
def trending(request: HttpRequest, params: Query[TrendingQuery]) -> dict[str, Any]:
    rate_limit_read(request)
    # The ranked papers come with their list entries and submitters loaded.
    window, papers = trending_for_window(params.window, timezone.now(), limit=params.limit)
    return {
        "window": window.name,
        "first_day": window.first_day,
        "last_day": window.last_day,
        "items": many_out(papers),
    }


class SearchQuery(Schema):
    q: str = Field(
        ...,
        min_length=1,
        max_length=500,
        description='Words, "phrases", -excluded, author:, cat:, after:, before: (as in the search box).',
    )
    category: str | None = Field(None, max_length=32, description="arXiv category, e.g. cs.CL.")
    author: str | None = Field(None, max_length=200, description="An author's name or part of it.")
    since: str | None = day_field("Published on or after (YYYY-MM-DD).")
    until: str | None = day_field("Published on or before (YYYY-MM-DD).")
    sort: Literal["relevance", "newest", "upvotes"] = "relevance"
    page: int = Field(1, ge=1, le=1000)
    limit: int = Field(20, ge=1, le=100)


@router.get("/search", response={200: SearchPageOut, **READ_ERRORS}, summary="Hybrid search with filters")
def search(request: HttpRequest, params: Query[SearchQuery]) -> dict[str, Any]:
    rate_limit_read(request)
    query = clean_text("q", params.q)
    if query is None:
        raise bad_request("q: enter some words to search for.")
    since, until = day_of("since", params.since), day_of("until", params.until)
    if since and until and since > until:
        raise bad_request("since must be on or before until.")
    found = searching.search_page(
        query,
        limit=params.limit,
        page=params.page,
        sort=params.sort,
        category=clean_text("category", params.category),
        author=clean_text("author", params.author),
        since=since,
        until=until,
    )
    return {
        "items": [
            {
                **paper_out(item.paper, settings.SITE_URL),
                "highlights": {"title_html": str(item.title_html), "snippet_html": str(item.snippet_html)},
                "matched_by": list(item.matched_by),
            }
            for item in found.items
        ],
        "total": found.total,
        "page": params.page,
        "next_page": params.page + 1 if params.page * params.limit < found.total else None,
        "notes": found.notes,
    }


@router.get("/me", auth=api_auth, response={200: MeOut, 401: ErrorOut, 403: ErrorOut}, summary="Who am I")
def me(request: HttpRequest) -> dict[str, Any]:
    user = require_user(request)
    header = request.headers.get("Authorization", "")
    return {"username": user.get_username(), "authenticated_by": "token" if header else "session"}


@router.get(
    "/papers/{path:arxiv_id}",
    response={200: PaperOut, 404: ErrorOut, **READ_ERRORS},
    summary="One paper",
)
def paper_detail(request: HttpRequest, arxiv_id: str = arxiv_id_path()) -> dict[str, Any]:
    rate_limit_read(request)
    return paper_out(visible_paper(arxiv_id), settings.SITE_URL)
