"""The daily papers across lists: one period's or all of them, by list day or trending, maybe one submitter's.

This is Hugging Face's ``/api/daily_papers`` query in paperwire's terms: no
period means every list, newest day first; ``newest`` walks the lists newest
day first, most upvoted first within a day; ``trending`` ranks the period
(or the latest week of lists) with paperwire's trending formula.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal, get_args

from paperwire.lib.periods import Period
from paperwire.papers.models import Paper
from paperwire.papers.trending import trending_papers, trending_window

DailySort = Literal["newest", "trending"]
DAILY_SORTS: tuple[str, ...] = get_args(DailySort)
# A trending ranking of a long period is cut here; deeper pages are empty.
TRENDING_DEPTH = 2000


def daily_papers(
    *,
    period: Period | None,
    submitter: str | None,
    sort: DailySort,
    page: int,
    limit: int,
    now: datetime,
) -> list[Paper]:
    """Page ``page`` (from 0) of ``limit`` listed papers, entries and submitters loaded.

    ``ValueError`` for a sort not in ``DAILY_SORTS``.
    """
    if sort not in DAILY_SORTS:
        raise ValueError(f"unknown sort {sort!r}; use one of {', '.join(DAILY_SORTS)}")
    offset = page * limit
    queryset = Paper.objects.listed()
    if period is not None:
        queryset = queryset.in_period(period)
    if submitter:
        queryset = queryset.submitted_by(submitter)
    if sort == "newest":
        # Sort ids only, then load the page's rows: sorting whole rows (abstracts
        # and all) of every listed paper made this the slowest part of the request.
        ids = list(queryset.newest_lists_first().values_list("pk", flat=True)[offset : offset + limit])
        by_id = Paper.objects.listed().in_bulk(ids)
        return [by_id[pk] for pk in ids]
    window = trending_window(period, now)
    if window is None or offset >= TRENDING_DEPTH:
        return []
    depth = TRENDING_DEPTH if submitter else min(TRENDING_DEPTH, offset + limit)
    # Score ages at the end of a past window, as the trending page does, so an old
    # week ranks as it did then rather than by upvotes alone.
    # The ranked papers come with their entries and submitters loaded.
    ranked = trending_papers(window[0], window[1], limit=depth, now=min(now, window[1]))
    if submitter:
        allowed = set(queryset.filter(pk__in=[paper.pk for paper in ranked]).values_list("pk", flat=True))
        ranked = [paper for paper in ranked if paper.pk in allowed]
    return ranked[offset : offset + limit]
