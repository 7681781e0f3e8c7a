"""The daily, weekly and monthly lists: /, /papers, /papers/date|week|month/…."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
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
from paperwire.papers.lists import (
    DEFAULT_SORT,
    SORTS,
    last_list_date_between,
    latest_list_date,
    neighbour_dates,
    newest_list_date,
    papers_in_period,
)
from paperwire.papers.trending import TrendingInPeriod

PAGE_SIZE = 50
# The home page says the newest list is old once it is older than this (a weekend is two days).
STALE_AFTER_DAYS = 2
_URL_NAMES = {"day": "front:daily", "week": "front:weekly", "month": "front:monthly"}
_TAB_LABELS = {"day": "Day", "week": "Week", "month": "Month"}
# The list orders plus trending, which ranks the period shown (not the site-wide trending page).
LIST_SORTS = (*SORTS, "trending")


@dataclass(frozen=True)
class PeriodTab:
    label: str
    href: str | None  # None when the period would run off the calendar
    current: bool


def period_url(period: Period) -> str:
    return reverse(_URL_NAMES[period.kind], args=[period.label])


def _tab_anchor(period: Period, today: date) -> date:
    """The day the other tabs open around: the period's last day with a list up to today.

    Without any list in the period: today while it is running, else its last day.
    """
    last = max(period.start, min(period.end - timedelta(days=1), today))
    return last_list_date_between(period.start, last) or last


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
    return sort if sort in LIST_SORTS else DEFAULT_SORT


def _papers(period: Period, sort: str) -> Any:
    if sort == "trending":
        return TrendingInPeriod(period, timezone.now())
    return papers_in_period(period, sort)


def _neighbours(period: Period) -> tuple[Period | None, Period | None]:
    """The pager's periods: for a day the closest days with a list; else the adjacent periods,
    the following one only when it does not start after the newest list (nothing to show there)."""
    if period.kind == "day":
        previous, following = neighbour_dates(period.start)
        return (
            period_containing("day", previous) if previous else None,
            period_containing("day", following) if following else None,
        )
    after = period.shifted(1)
    newest = newest_list_date()
    if after is None or newest is None or after.start > newest:
        after = None
    return period.shifted(-1), after


def _render_list(request: HttpRequest, period: Period, *, is_latest: bool = False, stale_days: int = 0) -> HttpResponse:
    sort = _sort_from(request)
    paginator = Paginator(_papers(period, sort), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    papers = list(page.object_list)
    context: dict[str, Any] = {
        "nav": "daily",
        "period": period,
        "papers": papers,
        "page_obj": page,
        "sort": sort,
        "is_latest": is_latest,
        "stale_days": stale_days,
        "following_upstreams": bool(settings.FOLLOW),
        # The home page points anyone with a library at their own ranking.
        "for_you_link": is_latest and has_library(request.user),
        "voted_ids": voted_paper_ids(request.user, [p.pk for p in papers]),
        "period_tabs": period_tabs(period, timezone.now().date()),
    }
    context["previous_period"], context["next_period"] = _neighbours(period)
    for key in ("previous_period", "next_period"):
        context[f"{key}_url"] = period_url(context[key]) if context[key] else None
    return render(request, "front/daily.html", context)


def home(request: HttpRequest) -> HttpResponse:
    return latest(request)


def latest(request: HttpRequest) -> HttpResponse:
    today = timezone.now().date()
    day = latest_list_date(today) or today
    return _render_list(request, day_period(day), is_latest=True, stale_days=_days_behind(day, today))


def _days_behind(newest: date, today: date) -> int:
    """How old the newest list is when a reader should be told (older than STALE_AFTER_DAYS), else 0."""
    age = (today - newest).days
    return age if age > STALE_AFTER_DAYS else 0


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
