"""The reader's pages: daily / weekly / monthly lists and the paper page."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from paperwire.community.comments import comment_context
from paperwire.community.votes import voted_paper_ids
from paperwire.lib.arxiv_ids import InvalidArxivId, parse_arxiv_id
from paperwire.lib.periods import InvalidPeriod, Period, day_period, parse_day, parse_month, parse_week
from paperwire.papers.lists import DEFAULT_SORT, SORTS, latest_list_date, neighbour_dates, papers_in_period
from paperwire.papers.models import Paper
from paperwire.search.similar import similar_papers

PAGE_SIZE = 50


def _sort_from(request: HttpRequest) -> str:
    sort = request.GET.get("sort", DEFAULT_SORT)
    return sort if sort in SORTS else DEFAULT_SORT


def _render_list(request: HttpRequest, period: Period, *, is_latest: bool = False) -> HttpResponse:
    sort = _sort_from(request)
    paginator = Paginator(papers_in_period(period, sort), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    papers = list(page.object_list)
    context: dict[str, Any] = {
        "nav": "daily",
        "period": period,
        "papers": papers,
        "page_obj": page,
        "sort": sort,
        "is_latest": is_latest,
        "voted_ids": voted_paper_ids(request.user, [p.pk for p in papers]),
        "previous_period": period.shifted(-1),
        "next_period": period.shifted(1),
        "week_period": None,
        "month_period": None,
    }
    if period.kind == "day":
        previous, following = neighbour_dates(period.start)
        context["previous_period"] = day_period(previous) if previous else None
        context["next_period"] = day_period(following) if following else None
        year, week, _ = period.start.isocalendar()
        context["week_label"] = f"{year}-W{week:02d}"
        context["month_label"] = period.start.strftime("%Y-%m")
    return render(request, "papers/daily.html", context)


def home(request: HttpRequest) -> HttpResponse:
    return latest(request)


def latest(request: HttpRequest) -> HttpResponse:
    today = timezone.now().date()
    day = latest_list_date(today) or today
    return _render_list(request, day_period(day), is_latest=True)


def _period_or_404(parser: Any, text: str) -> Period:
    try:
        period: Period = parser(text)
    except InvalidPeriod as exc:
        raise Http404(str(exc)) from None
    return period


def daily(request: HttpRequest, day: str) -> HttpResponse:
    return _render_list(request, _period_or_404(parse_day, day))


def weekly(request: HttpRequest, week: str) -> HttpResponse:
    return _render_list(request, _period_or_404(parse_week, week))


def monthly(request: HttpRequest, month: str) -> HttpResponse:
    return _render_list(request, _period_or_404(parse_month, month))


def paper_detail(request: HttpRequest, arxiv_id: str) -> HttpResponse:
    try:
        parsed = parse_arxiv_id(arxiv_id)
    except InvalidArxivId as exc:
        raise Http404(str(exc)) from None
    if parsed.version is not None or parsed.id != arxiv_id:
        # One canonical address per paper: versioned links land on the paper.
        return redirect("papers:paper", arxiv_id=parsed.id, permanent=True)
    paper = (
        Paper.objects.visible()
        .select_related("daily_entry", "daily_entry__submitter")
        .filter(arxiv_id=parsed.id)
        .first()
    )
    if paper is None:
        raise Http404(f"No paper {parsed.id} here yet. Signed-in people can submit it from the Submit page.")

    context: dict[str, Any] = {
        "paper": paper,
        "entry": getattr(paper, "daily_entry", None),
        "similar": similar_papers(paper, limit=6),
        "voted_ids": voted_paper_ids(request.user, [paper.pk]),
        "nav": "daily",
    }
    if context["entry"] is not None:
        year, week, _ = context["entry"].list_date.isocalendar()
        context["week_label"] = f"{year}-W{week:02d}"
    context.update(comment_context(request, paper))
    return render(request, "papers/paper_detail.html", context)
