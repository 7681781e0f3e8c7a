"""The trending ranking: gravity over one day's list, votes gathered over longer windows.

A window of one list day ("Today") ranks with Hacker-News-style gravity:

    score = (upvotes + COMMENT_WEIGHT × comments + 1) / (age_hours + 2) ^ GRAVITY

``upvotes`` is the total a reader sees (imported from Hugging Face +
local). ``comments`` counts the comments imported from Hugging Face plus,
of the comments written here, each person once: a second comment, a reply
to oneself, and any comment by the paper's submitter or one of its authors
add nothing (``Paper.trending_commenters``, kept by the community app).
``age_hours`` counts from the moment the paper went on a daily list (its
submission time, else midnight UTC of its list day, else its first arXiv
version) to "now", never negative. The ``+ 1`` lets a
fresh paper without votes still rank above an old one without votes; the
``+ 2`` keeps a paper submitted a minute ago from dividing by zero.

Within one day ages differ by hours, and gravity lifts what is getting
attention now. Over a week or a month the same decay would rank a paper from
the last day with one upvote above one from Monday with sixty, so a window
of more than one list day ranks by the votes its papers gathered instead:

    score = upvotes + COMMENT_WEIGHT × comments

with no age term. Ties (equal scores) are broken by more upvotes, then more
comments, then (longer windows only) the later list time, then the arXiv id,
so the order is the same on every run and every database.

The score is computed in Python over the candidate set: papers listed in the
requested window. Age arithmetic in SQL differs between SQLite and
PostgreSQL, and a window holds at most a few thousand papers, which Python
scores in milliseconds (see docs/benchmarks.md). Only the ``limit`` winners
are then loaded as full rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from paperwire.lib.periods import Period, day_period
from paperwire.papers.lists import latest_list_date
from paperwire.papers.models import Paper

# The three windows of the trending page: how many list days each spans.
WINDOWS: dict[str, int] = {"day": 1, "week": 7, "month": 30}
WINDOW_LABELS: dict[str, str] = {"day": "Today", "week": "This week", "month": "This month"}
DEFAULT_WINDOW = "week"
# Trending over "all lists" looks at the week of lists ending on the latest list day.
ALL_LISTS_DAYS = 7


def gravity() -> float:
    return float(settings.TRENDING_GRAVITY)


def comment_weight() -> float:
    return float(settings.TRENDING_COMMENT_WEIGHT)


def trending_score(upvotes: int, comments: int, age_hours: float) -> float:
    """The formula of the module docstring; ``age_hours`` below zero counts as zero."""
    return _score(upvotes, comments, age_hours, gravity(), comment_weight())


def _score(upvotes: int, comments: int, age_hours: float, gravity: float, comment_weight: float) -> float:
    points = max(upvotes, 0) + comment_weight * max(comments, 0) + 1.0
    return points / (max(age_hours, 0.0) + 2.0) ** gravity


def votes_score(upvotes: int, comments: int) -> float:
    """The score of a paper in a window of more than one list day: the points it gathered, no age term."""
    return _votes(upvotes, comments, comment_weight())


def _votes(upvotes: int, comments: int, comment_weight: float) -> float:
    return max(upvotes, 0) + comment_weight * max(comments, 0)


def ranks_by_votes(first_day: date, end_day: date) -> bool:
    """Whether the list days ``[first_day, end_day)`` are more than one day, hence ranked by votes."""
    return end_day - first_day > timedelta(days=1)


def list_time(submitted_at: datetime | None, list_date: date | None, published: datetime | None) -> datetime | None:
    """When a paper started competing: its submission, else its list day at 00:00 UTC, else its first version."""
    if submitted_at is not None:
        return submitted_at
    if list_date is not None:
        return datetime.combine(list_date, time(0, 0), tzinfo=UTC)
    return published


def _utc_date_at_or_after(moment: datetime) -> date:
    """The first day whose midnight (UTC) is at or after ``moment``."""
    utc = moment.astimezone(UTC) if timezone.is_aware(moment) else moment.replace(tzinfo=UTC)
    day = utc.date()
    return day if utc.time() == time(0, 0) else day + timedelta(days=1)


@dataclass(frozen=True)
class _Candidate:
    pk: int
    arxiv_id: str
    upvotes: int
    comments: int
    score: float
    # Seconds since the epoch of the list time: a tie-break of the votes ranking only.
    listed: float


def _rank(
    rows: Iterable[tuple[int, str, int, int, int, datetime | None, date]], now: datetime, *, by_votes: bool = False
) -> list[_Candidate]:
    g, w = gravity(), comment_weight()
    candidates = []
    for pk, arxiv_id, upvotes, imported_comments, commenters, submitted_at, list_date in rows:
        comments = imported_comments + commenters
        started = list_time(submitted_at, list_date, None)
        if by_votes:
            score = _votes(upvotes, comments, w)
        else:
            age_hours = (now - started).total_seconds() / 3600 if started is not None else 0.0
            score = _score(upvotes, comments, age_hours, g, w)
        listed = started.timestamp() if by_votes and started is not None else 0.0
        candidates.append(_Candidate(pk, arxiv_id, upvotes, comments, score, listed))
    candidates.sort(key=lambda c: (-c.score, -c.upvotes, -c.comments, -c.listed, c.arxiv_id))
    return candidates


def trending_papers(since: datetime, until: datetime, *, limit: int, now: datetime | None = None) -> list[Paper]:
    """Visible papers listed in ``[since, until)``, best trending score first.

    A paper counts as listed at midnight UTC of its list day, so
    ``since=2025-02-27 00:00, until=2025-02-28 00:00`` is the list of the
    27th. One list day ranks by the gravity formula, with ages measured to
    ``now`` (default: the current time); more than one ranks by the votes
    gathered (see the module docstring). Each returned paper carries its
    score as ``paper.trending_score`` and
    has ``daily_entry`` and its submitter loaded.
    """
    if limit <= 0:
        return []
    now = now or timezone.now()
    first_day = _utc_date_at_or_after(since)
    end_day = _utc_date_at_or_after(until)  # exclusive
    if end_day <= first_day:
        return []
    rows = (
        Paper.objects.visible()
        .listed_between(first_day, end_day)
        .values_list(
            "pk",
            "arxiv_id",
            "upvote_count",
            "comments_imported",
            "trending_commenters",
            "daily_entry__submitted_at",
            # Every candidate has a list day, so the publication date (the last fallback) is never needed.
            "daily_entry__list_date",
        )
    )
    winners = _rank(rows.iterator(chunk_size=2000), now, by_votes=ranks_by_votes(first_day, end_day))[:limit]
    papers = Paper.objects.visible().with_entry().in_bulk([c.pk for c in winners])
    ranked: list[Paper] = []
    for candidate in winners:
        paper = papers.get(candidate.pk)
        if paper is None:  # deleted or hidden between the two queries
            continue
        paper.trending_score = candidate.score  # type: ignore[attr-defined]
        ranked.append(paper)
    return ranked


@dataclass(frozen=True)
class TrendingWindow:
    """One window of the trending page, resolved against the data that exists."""

    name: str  # "day" | "week" | "month"
    first_day: date  # inclusive
    last_day: date  # inclusive
    # True when nothing was listed today and the window was moved back to end
    # on the most recent list day (a quiet instance, or the demo corpus).
    moved_back: bool

    @property
    def label(self) -> str:
        return WINDOW_LABELS[self.name]

    @property
    def since(self) -> datetime:
        return datetime.combine(self.first_day, time(0, 0), tzinfo=UTC)

    @property
    def until(self) -> datetime:
        return datetime.combine(self.last_day + timedelta(days=1), time(0, 0), tzinfo=UTC)


def resolve_window(name: str, now: datetime | None = None) -> TrendingWindow:
    """The list days ``name`` covers: the last 1, 7 or 30 days up to today.

    When today has no list yet (nothing submitted, or an instance that only
    holds older imported data), the window ends on the latest list day
    instead, so the page shows the most recent trending papers rather than
    nothing. ``ValueError`` for an unknown window name.
    """
    if name not in WINDOWS:
        raise ValueError(f"unknown trending window {name!r}; use one of {', '.join(WINDOWS)}")
    now = now or timezone.now()
    today = now.astimezone(UTC).date()
    latest = latest_list_date(today)
    last_day = latest if latest is not None else today
    moved_back = last_day != today
    return TrendingWindow(name, last_day - timedelta(days=WINDOWS[name] - 1), last_day, moved_back)


def trending_for_window(
    name: str, now: datetime | None = None, *, limit: int = 50
) -> tuple[TrendingWindow, list[Paper]]:
    """The trending papers of a named window (see ``resolve_window``).

    Ages are measured to ``now``, or to the end of the window when it was
    moved back into the past, so an old window ranks as it did on its last day.
    """
    now = now or timezone.now()
    window = resolve_window(name, now)
    scored_at = min(now, window.until)
    return window, trending_papers(window.since, window.until, limit=limit, now=scored_at)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def trending_window(period: Period | None, now: datetime) -> tuple[datetime, datetime] | None:
    """The ``[since, until)`` that ranks ``period``'s lists; None when nothing was ever listed.

    Without a period: the ``ALL_LISTS_DAYS`` list days ending on the latest list
    day up to ``now``, so a quiet instance still shows its most recent papers.
    """
    if period is not None:
        return _midnight(period.start), _midnight(period.end)
    latest = latest_list_date(now.date())
    if latest is None:
        return None
    last = day_period(latest)
    return _midnight(last.end - timedelta(days=ALL_LISTS_DAYS)), _midnight(last.end)


class TrendingInPeriod:
    """A list period's papers in trending order, for a paginator: ranked only as far as the page shown.

    ``count()`` is one COUNT; a page ranks the period (scores are cheap, see
    the module docstring) and loads only the rows up to its end.
    """

    def __init__(self, period: Period, now: datetime) -> None:
        self.since, self.until = _midnight(period.start), _midnight(period.end)
        # A past period ranks as it did on its last day (as trending_for_window does).
        self.now = min(now, self.until)
        self._period = period

    def count(self) -> int:
        return Paper.objects.listed().in_period(self._period).count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Paper]:
        start, stop = index.start or 0, index.stop or 0
        return trending_papers(self.since, self.until, limit=stop, now=self.now)[start:stop]
