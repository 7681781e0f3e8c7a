"""Numbers behind /stats: papers and upvotes per list day, rising categories.

The period is the 90 days up to the latest list day (not up to today), so an
instance that only holds older imported data still shows its last 90 days.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Sum

from paperwire.papers.coverage import CategoryCoverage, coverage_of
from paperwire.papers.lists import latest_list_date
from paperwire.papers.models import DailyEntry
from paperwire.papers.querysets import on_visible_papers

PERIOD_DAYS = 90
RECENT_DAYS = 30  # "rising" compares these last days with the rest of the period
RISING_MIN_RECENT = 3  # fewer recent papers than this is noise, not a trend
RISING_LIMIT = 10


@dataclass(frozen=True)
class DayCount:
    day: date
    papers: int
    upvotes: int


@dataclass(frozen=True)
class RisingLabel:
    label: str
    recent: int  # papers in the last RECENT_DAYS days
    before: int  # papers in the PERIOD_DAYS - RECENT_DAYS days before

    @property
    def before_per_recent_span(self) -> float:
        """``before`` scaled to a span as long as the recent one, for a fair comparison."""
        return self.before * RECENT_DAYS / (PERIOD_DAYS - RECENT_DAYS)

    @property
    def growth(self) -> float:
        """Recent rate over earlier rate, smoothed by one paper so new labels do not divide by zero."""
        return (self.recent + 1) / (self.before_per_recent_span + 1)


@dataclass(frozen=True)
class SiteStats:
    first_day: date
    last_day: date
    ends_before_today: bool
    days: list[DayCount]
    rising: list[RisingLabel]
    # "categories" (arXiv), "keywords" (AI keywords of imported HF papers) or "" (neither).
    rising_source: str
    # Papers of the period with arXiv categories, of all listed in it: rising categories cover only those.
    categorized: int = 0
    listed: int = 0

    @property
    def category_coverage(self) -> CategoryCoverage:
        return coverage_of(self.categorized, self.listed)

    @property
    def total_papers(self) -> int:
        return sum(d.papers for d in self.days)

    @property
    def total_upvotes(self) -> int:
        return sum(d.upvotes for d in self.days)


def _per_day(first_day: date, last_day: date) -> list[DayCount]:
    rows = (
        on_visible_papers(DailyEntry.objects.filter(list_date__gte=first_day, list_date__lte=last_day))
        .values("list_date")
        .annotate(papers=Count("id"), upvotes=Sum("paper__upvote_count"))
    )
    found = {row["list_date"]: (row["papers"], row["upvotes"] or 0) for row in rows}
    days = []
    day = first_day
    while day <= last_day:
        papers, upvotes = found.get(day, (0, 0))
        days.append(DayCount(day, papers, upvotes))
        day += timedelta(days=1)
    return days


def rising_labels(
    rows: Iterable[tuple[date, list[str]]], *, recent_from: date, limit: int = RISING_LIMIT
) -> list[RisingLabel]:
    """Labels whose share grew most in the recent span; ``rows`` are (list day, labels of one paper)."""
    recent: Counter[str] = Counter()
    before: Counter[str] = Counter()
    for day, labels in rows:
        target = recent if day >= recent_from else before
        target.update(set(labels))
    rising = [
        RisingLabel(label, recent[label], before[label]) for label in recent if recent[label] >= RISING_MIN_RECENT
    ]
    rising = [r for r in rising if r.growth > 1.0]
    rising.sort(key=lambda r: (-r.growth, -r.recent, r.label))
    return rising[:limit]


def _labels(categories: object, primary: str, keywords: object, *, source: str) -> list[str]:
    if source == "categories":
        labels = [str(c) for c in categories] if isinstance(categories, list) else []
        return labels or ([primary] if primary else [])
    return [str(k).strip().lower() for k in keywords if str(k).strip()] if isinstance(keywords, list) else []


def site_stats(today: date) -> SiteStats:
    last_day = latest_list_date(today) or today
    first_day = last_day - timedelta(days=PERIOD_DAYS - 1)
    recent_from = last_day - timedelta(days=RECENT_DAYS - 1)
    rows = list(
        on_visible_papers(DailyEntry.objects.filter(list_date__gte=first_day, list_date__lte=last_day)).values_list(
            "list_date", "paper__categories", "paper__primary_category", "paper__keywords"
        )
    )
    # Prefer arXiv categories; papers imported from Hugging Face have none but carry AI keywords.
    source = ""
    if any(cats or primary for _, cats, primary, _ in rows):
        source = "categories"
    elif any(keywords for *_, keywords in rows):
        source = "keywords"
    rising = (
        rising_labels(
            ((day, _labels(cats, primary, kws, source=source)) for day, cats, primary, kws in rows),
            recent_from=recent_from,
        )
        if source
        else []
    )
    return SiteStats(
        first_day=first_day,
        last_day=last_day,
        ends_before_today=last_day < today,
        days=_per_day(first_day, last_day),
        rising=rising,
        rising_source=source,
        categorized=sum(1 for _, cats, primary, _ in rows if cats or primary),
        listed=len(rows),
    )
