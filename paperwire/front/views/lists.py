"""The daily, weekly and monthly lists: /, /papers, /papers/date|week|month/…."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from paperwire.community.votes import voted_paper_ids
from paperwire.lib.periods import (
    InvalidPeriod,
    Period,
    day_period,
    parse_day,
    parse_month,
    parse_week,
    period_containing,
)
from paperwire.library.taste import has_library
from paperwire.papers.lists import DEFAULT_SORT, SORTS, latest_list_date, neighbour_dates, papers_in_period

PAGE_SIZE = 50
_URL_NAMES = {"day": "front:daily", "week": "front:weekly", "month": "front:monthly"}
_TAB_LABELS = {"day": "Day", "week": "Week", "month": "Month"}


@dataclass(frozen=True)
class PeriodTab:
    label: str
    href: str | None  # None when the period would run off the calendar
    current: bool


def period_url(period: Period) -> str:
    return reverse(_URL_NAMES[period.kind], args=[period.label])


def _tab_anchor(period: Period, today: date) -> date:
    """The day the other tabs open around: today while the period is running, else its last day."""
    last = period.end - timedelta(days=1)
    return max(period.start, min(last, today))


def period_tabs(period: Period, today: date) -> list[PeriodTab]:
    """Day, Week and Month tabs: the one shown, and the others around the same day."""
    anchor = _tab_anchor(period, today)
    tabs = []
    for kind, label in _TAB_LABELS.items():
        target = period if kind == period.kind else period_containing(kind, anchor)
        tabs.append(PeriodTab(label, period_url(target) if target else None, kind == period.kind))
    return tabs


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
        # The home page points anyone with a library at their own ranking.
        "for_you_link": is_latest and has_library(request.user),
        "voted_ids": voted_paper_ids(request.user, [p.pk for p in papers]),
        "previous_period": period.shifted(-1),
        "next_period": period.shifted(1),
        "period_tabs": period_tabs(period, timezone.now().date()),
    }
    if period.kind == "day":
        previous, following = neighbour_dates(period.start)
        context["previous_period"] = period_containing("day", previous) if previous else None
        context["next_period"] = period_containing("day", following) if following else None
    for key in ("previous_period", "next_period"):
        context[f"{key}_url"] = period_url(context[key]) if context[key] else None
    return render(request, "front/daily.html", context)


def home(request: HttpRequest) -> HttpResponse:
    return latest(request)


def latest(request: HttpRequest) -> HttpResponse:
    today = timezone.now().date()
    day = latest_list_date(today) or today
    return _render_list(request, day_period(day), is_latest=True)


def _period_or_404(parser: Callable[[str], Period], text: str) -> Period:
    try:
        return parser(text)
    except InvalidPeriod as exc:
        raise Http404(str(exc)) from None


def daily(request: HttpRequest, day: str) -> HttpResponse:
    return _render_list(request, _period_or_404(parse_day, day))


def weekly(request: HttpRequest, week: str) -> HttpResponse:
    return _render_list(request, _period_or_404(parse_week, week))


def monthly(request: HttpRequest, month: str) -> HttpResponse:
    return _render_list(request, _period_or_404(parse_month, month))
