"""The daily-list query behind ``/api/daily_papers`` and ``/api/v1/lists``.

HF's semantics: one of ``date`` / ``week`` / ``month`` picks the lists (none:
all lists, newest first); ``submitter`` narrows to one person's submissions;
``sort=publishedAt`` (the default) walks the lists newest day first, best
upvoted first within a day (the order of HF's own answers); ``sort=trending``
ranks the period with paperwire's trending formula.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Q, QuerySet

from paperwire.api.errors import bad_request
from paperwire.lib.periods import InvalidPeriod, Period, day_period, parse_day, parse_month, parse_week
from paperwire.papers.lists import latest_list_date
from paperwire.papers.models import Paper
from paperwire.papers.trending import trending_papers

# A trending ranking of a long period is cut here; deeper pages are empty.
TRENDING_DEPTH = 2000
# Without a period, trending looks at the week of lists ending on the latest list day.
TRENDING_DEFAULT_DAYS = 7


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


def listed_papers() -> QuerySet[Paper]:
    """Visible papers that are on a daily list, with entry and submitter joined in."""
    return (
        Paper.objects.visible()
        .filter(daily_entry__isnull=False)
        .select_related("daily_entry", "daily_entry__submitter")
    )


def filter_listed(queryset: QuerySet[Paper], period: Period | None, submitter: str | None) -> QuerySet[Paper]:
    if period is not None:
        queryset = queryset.filter(daily_entry__list_date__gte=period.start, daily_entry__list_date__lt=period.end)
    if submitter:
        queryset = queryset.filter(
            Q(daily_entry__submitter__username=submitter) | Q(daily_entry__submitter_name=submitter)
        )
    return queryset


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def trending_window(period: Period | None, now: datetime) -> tuple[datetime, datetime] | None:
    if period is not None:
        return _midnight(period.start), _midnight(period.end)
    latest = latest_list_date(now.date())
    if latest is None:
        return None
    last = day_period(latest)
    return _midnight(last.end - timedelta(days=TRENDING_DEFAULT_DAYS)), _midnight(last.end)


def daily_papers(
    *,
    period: Period | None,
    submitter: str | None,
    sort: str,
    page: int,
    limit: int,
    now: datetime,
) -> list[Paper]:
    offset = page * limit
    queryset = filter_listed(listed_papers(), period, submitter)
    if sort != "trending":
        ordered = queryset.order_by("-daily_entry__list_date", "-upvote_count", "arxiv_id")
        # Sort ids only, then load the page's rows: sorting whole rows (abstracts
        # and all) of every listed paper made this the slowest part of the request.
        ids = list(ordered.values_list("pk", flat=True)[offset : offset + limit])
        by_id = listed_papers().in_bulk(ids)
        return [by_id[pk] for pk in ids]
    window = trending_window(period, now)
    if window is None or offset >= TRENDING_DEPTH:
        return []
    depth = TRENDING_DEPTH if submitter else min(TRENDING_DEPTH, offset + limit)
    # Score ages at the end of a past window, as the trending page does, so an old
    # week ranks as it did then rather than by upvotes alone.
    ranked = trending_papers(window[0], window[1], limit=depth, now=min(now, window[1]))
    ranked_ids = [paper.pk for paper in ranked]
    if submitter:
        allowed = set(queryset.filter(pk__in=ranked_ids).values_list("pk", flat=True))
        ranked_ids = [pk for pk in ranked_ids if pk in allowed]
    page_ids = ranked_ids[offset : offset + limit]
    # Re-read the page with its list entries joined (the ranking does not join them).
    by_id = {paper.pk: paper for paper in listed_papers().filter(pk__in=page_ids)}
    return [by_id[pk] for pk in page_ids if pk in by_id]
