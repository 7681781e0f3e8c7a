"""Queries behind the daily, weekly and monthly lists."""

from __future__ import annotations

from datetime import date
from typing import Any

from paperwire.lib.periods import Period
from paperwire.papers.models import DailyEntry, Paper
from paperwire.papers.querysets import DEFAULT_SORT, SORTS, PaperQuerySet, on_visible_papers

# The list pages read the sorts from here.
__all__ = [
    "DEFAULT_SORT",
    "SORTS",
    "last_list_date_between",
    "latest_list_date",
    "neighbour_dates",
    "newest_list_date",
    "papers_in_period",
]


def papers_in_period(period: Period, sort: str = DEFAULT_SORT) -> PaperQuerySet:
    """Visible papers listed in ``period``, with their list entry and submitter in the same query."""
    return Paper.objects.listed().in_period(period).in_list_order(sort)


def latest_list_date(today: date) -> date | None:
    """Today if it has papers, else the most recent earlier day that has some."""
    return (
        on_visible_papers(DailyEntry.objects.filter(list_date__lte=today))
        .order_by("-list_date")
        .values_list("list_date", flat=True)
        .first()
    )


def last_list_date_between(first: date, last: date) -> date | None:
    """The most recent day in ``[first, last]`` (both included) that has a visible list."""
    day = latest_list_date(last)
    return day if day is not None and day >= first else None


def newest_list_date() -> date | None:
    """The most recent day with a visible list, future days included (pagers stop there)."""
    return (
        DailyEntry.objects.filter(paper__hidden=False)
        .order_by("-list_date")
        .values_list("list_date", flat=True)
        .first()
    )


def neighbour_dates(day: date) -> tuple[date | None, date | None]:
    """The closest earlier and later days that have a visible list."""
    visible = on_visible_papers(DailyEntry.objects.all())
    previous = visible.filter(list_date__lt=day).order_by("-list_date").values_list("list_date", flat=True).first()
    following = visible.filter(list_date__gt=day).order_by("list_date").values_list("list_date", flat=True).first()
    return previous, following


def submitted_papers(person: Any, limit: int) -> list[Paper]:
    """The visible papers ``person`` put on a list, newest list first (a profile's "Submitted")."""
    entries = on_visible_papers(DailyEntry.objects.filter(submitter=person))
    rows = entries.select_related("paper", "paper__daily_entry", "paper__daily_entry__submitter")
    return [entry.paper for entry in rows.order_by("-list_date", "-submitted_at")[:limit]]
