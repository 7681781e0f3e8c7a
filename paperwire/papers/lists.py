"""Queries behind the daily, weekly and monthly lists."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from paperwire.lib.periods import Period
from paperwire.papers.models import DailyEntry, Paper

SORTS = {
    "upvotes": ("-upvote_count", "-comment_count", "arxiv_id"),
    "date": ("-published", "arxiv_id"),
}
DEFAULT_SORT = "upvotes"


def papers_in_period(period: Period, sort: str = DEFAULT_SORT) -> QuerySet[Paper]:
    """Visible papers listed in ``period``, with their list entry and submitter in the same query."""
    order = SORTS.get(sort, SORTS[DEFAULT_SORT])
    return (
        Paper.objects.visible()
        .filter(daily_entry__list_date__gte=period.start, daily_entry__list_date__lt=period.end)
        .select_related("daily_entry", "daily_entry__submitter")
        .order_by(*order)
    )


def latest_list_date(today: date) -> date | None:
    """Today if it has papers, else the most recent earlier day that has some."""
    entry = (
        DailyEntry.objects.filter(list_date__lte=today, paper__hidden=False)
        .order_by("-list_date")
        .values_list("list_date", flat=True)
        .first()
    )
    return entry


def neighbour_dates(day: date) -> tuple[date | None, date | None]:
    """The closest earlier and later days that have a visible list."""
    visible = DailyEntry.objects.filter(paper__hidden=False)
    previous = visible.filter(list_date__lt=day).order_by("-list_date").values_list("list_date", flat=True).first()
    following = visible.filter(list_date__gt=day).order_by("list_date").values_list("list_date", flat=True).first()
    return previous, following
