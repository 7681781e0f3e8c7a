"""The Hugging Face-compatible endpoints under ``/api/``.

``huggingface_hub.HfApi(endpoint=<this server>)`` works unchanged against
them: ``list_daily_papers``, ``paper_info`` and ``list_papers``.
"""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict, TypeAdapter

from paperwire.api import searching
from paperwire.api.auth import api_auth, require_user
from paperwire.api.errors import READ_ERRORS, ErrorOut, bad_request
from paperwire.api.hf.indexing import IndexQueuedOut, index_paper
from paperwire.api.hf.schemas import HfDailyItem, HfPaperDetail, hf_daily_items, hf_paper_detail, hf_paper_details
from paperwire.api.limits import rate_limit_read, rate_limit_write
from paperwire.api.lookups import visible_paper
from paperwire.api.params import arxiv_id_of, arxiv_id_path, catalogue_page, clean_text
from paperwire.api.response_cache import json_response
from paperwire.lib.periods import InvalidPeriod, Period, parse_day, parse_month, parse_week
from paperwire.papers.daily_papers import daily_papers
from paperwire.papers.models import Paper

router = Router(tags=["Hugging Face compatible"])

DAILY_ITEMS: TypeAdapter[list[HfDailyItem]] = TypeAdapter(list[HfDailyItem])


class DailyPapersQuery(Schema):
    date: str | None = Field(None, description="One list day, YYYY-MM-DD.", examples=["2025-06-10"], max_length=32)
    week: str | None = Field(None, description="An ISO week, YYYY-Www.", examples=["2025-W24"], max_length=32)
    month: str | None = Field(None, description="A month, YYYY-MM.", examples=["2025-06"], max_length=32)
    submitter: str | None = Field(None, description="User name of whoever submitted the paper.", max_length=150)
    sort: Literal["publishedAt", "trending"] = Field(
        "publishedAt", description="publishedAt: newest list day first, most upvoted first within a day."
    )
    p: int = Field(0, ge=0, le=10_000, description="Page number, from 0.")
    limit: int = Field(50, ge=1, le=100, description="Papers per page (1–100).")


def parse_period(*, day: str | None, week: str | None, month: str | None) -> Period | None:
    """The one period the query names, or None; a 400 that says what to fix otherwise."""
    given = {name: value for name, value in (("date", day), ("week", week), ("month", month)) if value}
    if len(given) > 1:
        raise bad_request(f"Use only one of date, week and month (got {', '.join(sorted(given))}).")
    try:
        if day:
            return parse_day(day)
        if week:
            return parse_week(week)
        if month:
            return parse_month(month)
    except InvalidPeriod as exc:
        name = next(iter(given))
        raise bad_request(f"{name}: {exc}", error=f"invalid_{name}") from None
    return None


@router.get(
    "/daily_papers",
    response={200: list[HfDailyItem], **READ_ERRORS},
    by_alias=True,
    exclude_none=True,
    summary="Daily papers (HF: list_daily_papers)",
)
def list_daily_papers(request: HttpRequest, filters: Query[DailyPapersQuery]) -> HttpResponse:
    rate_limit_read(request)
    period = parse_period(day=filters.date, week=filters.week, month=filters.month)
    submitter = clean_text("submitter", filters.submitter)

    def build() -> list[dict[str, object]]:
        papers = daily_papers(
            period=period,
            submitter=submitter,
            # HF's publishedAt is the list day's order: newest day first.
            sort="trending" if filters.sort == "trending" else "newest",
            page=filters.p,
            limit=filters.limit,
            now=timezone.now(),
        )
        return hf_daily_items(papers)

    return json_response(request, DAILY_ITEMS, build, by_alias=True, exclude_none=True)


class SearchQuery(Schema):
    q: str = Field("", description="Keywords or a sentence; searched by keywords and by meaning.", max_length=500)
    limit: int = Field(20, ge=1, le=100, description="At most this many papers (1–100).")


@router.get(
    "/papers/search",
    response={200: list[HfDailyItem], **READ_ERRORS},
    by_alias=True,
    exclude_none=True,
    summary="Search papers (HF: list_papers)",
)
def search_papers(request: HttpRequest, params: Query[SearchQuery]) -> HttpResponse:
    rate_limit_read(request)
    query = clean_text("q", params.q)

    def build() -> list[dict[str, object]]:
        if query is None:
            return []
        return hf_daily_items(searching.search_papers(query, limit=params.limit))

    return json_response(request, DAILY_ITEMS, build, by_alias=True, exclude_none=True)


class PapersPageQuery(Schema):
    limit: int = Field(50, ge=1, le=100, description="Papers per page (1–100).")
    cursor: str | None = Field(
        None, description="The cursor from the previous page's Link: rel=next header.", max_length=200
    )


@router.get(
    "/papers",
    response={200: list[HfPaperDetail], **READ_ERRORS},
    by_alias=True,
    exclude_none=True,
    summary="All papers, newest first, with cursor paging",
    description='The next page\'s URL is in the `Link` header (`rel="next"`), as on the Hugging Face Hub.',
)
def list_papers(
    request: HttpRequest, response: HttpResponse, params: Query[PapersPageQuery]
) -> list[dict[str, object]]:
    rate_limit_read(request)
    papers, next_cursor = catalogue_page(Paper.objects.visible().with_entry(), params.cursor, params.limit)
    if next_cursor is not None:
        url = request.build_absolute_uri(request.path) + f"?limit={params.limit}&cursor={next_cursor}"
        response["Link"] = f'<{url}>; rel="next"'
    return hf_paper_details(papers)


class IndexIn(Schema):
    # JSON bodies are typed: 0 is not false, "1" is not 1.
    model_config = ConfigDict(strict=True)

    arxivId: str = Field(..., description="An arXiv id or URL.", examples=["2506.08007"], max_length=300)


@router.post(
    "/papers/index",
    auth=api_auth,
    response={
        200: HfPaperDetail,
        202: IndexQueuedOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        429: ErrorOut,
        503: ErrorOut,
    },
    by_alias=True,
    exclude_none=True,
    summary="Add an arXiv paper to the catalogue (authenticated)",
)
def index(request: HttpRequest, payload: IndexIn) -> Status[dict[str, object]] | HttpResponse:
    user = require_user(request)
    rate_limit_write(request, "index")
    arxiv_id = arxiv_id_of(payload.arxivId)
    paper = index_paper(user, arxiv_id)
    if isinstance(paper, HttpResponse):  # queued for the worker: 202 and where to look
        return paper
    return Status(200, hf_paper_detail(paper))


@router.get(
    "/papers/{path:arxiv_id}",
    response={200: HfPaperDetail, 400: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    by_alias=True,
    exclude_none=True,
    summary="One paper (HF: paper_info)",
)
def paper_info(
    request: HttpRequest,
    arxiv_id: str = arxiv_id_path(),
) -> dict[str, object]:
    rate_limit_read(request)
    paper = visible_paper(arxiv_id)
    return hf_paper_detail(paper)
