"""Calendar periods used in URLs: a day, an ISO week (2025-W09), a month (2025-02).

A period is accepted when its exclusive end is still a date Python can hold
(so ``9999-12-31``, ``9999-W52``'s successor and ``9999-12`` are not): every
caller can then compute the day after, the period's midnights and its
neighbours without an ``OverflowError``. Neighbours beyond that calendar
are ``None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
_DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# The last day whose list has an end (the day after) Python can represent.
LAST_DAY = date.max - timedelta(days=1)


class InvalidPeriod(ValueError):
    """The text is not a day, ISO week or month in the expected form."""


@dataclass(frozen=True)
class Period:
    kind: str  # "day" | "week" | "month"
    start: date  # inclusive
    end: date  # exclusive

    @property
    def label(self) -> str:
        if self.kind == "day":
            return self.start.isoformat()
        if self.kind == "week":
            return iso_week_label(self.start)
        return month_label(self.start)

    @property
    def title(self) -> str:
        if self.kind == "day":
            return self.start.strftime("%A, %-d %B %Y")
        if self.kind == "week":
            last = self.end - timedelta(days=1)
            return f"Week {self.label} ({self.start.strftime('%-d %b')} – {last.strftime('%-d %b %Y')})"
        return self.start.strftime("%B %Y")

    def shifted(self, steps: int) -> Period | None:
        """The period ``steps`` units before (negative) or after (positive) this one; None off the calendar."""
        try:
            if self.kind == "day":
                return day_period(self.start + timedelta(days=steps))
            if self.kind == "week":
                return week_period_from_monday(self.start + timedelta(weeks=steps))
            month_index = self.start.year * 12 + (self.start.month - 1) + steps
            return month_period(month_index // 12, month_index % 12 + 1)
        except (OverflowError, ValueError, InvalidPeriod):
            return None


def period_containing(kind: str, day: date) -> Period | None:
    """The day, ISO week or month (``kind``) that ``day`` falls in; None when it runs off the calendar."""
    try:
        if kind == "day":
            return day_period(day)
        if kind == "week":
            return week_period_from_monday(day - timedelta(days=day.weekday()))
        if kind == "month":
            return month_period(day.year, day.month)
    except (OverflowError, ValueError, InvalidPeriod):
        return None
    raise ValueError(f"unknown period kind {kind!r}; use day, week or month")


def iso_week_label(day: date) -> str:
    """The ISO week ``day`` falls in, as URLs write it: ``2025-W09`` (the ISO year, not the calendar year)."""
    year, week, _ = day.isocalendar()
    # Zero-padded by hand: strftime writes year 33 as "33", which no URL pattern reads back.
    return f"{year:04d}-W{week:02d}"


def month_label(day: date) -> str:
    """The month ``day`` falls in, as URLs write it: ``2025-02``."""
    return f"{day.year:04d}-{day.month:02d}"


def _end_after(start: date, days: int, text: str) -> date:
    try:
        return start + timedelta(days=days)
    except OverflowError:
        raise InvalidPeriod(f"{text} runs past {LAST_DAY.isoformat()}, the last day paperwire can list") from None


def day_period(day: date) -> Period:
    """The list of ``day``; ``InvalidPeriod`` for 9999-12-31, whose end (the next day) does not exist."""
    return Period("day", day, _end_after(day, 1, day.isoformat()))


def week_period_from_monday(monday: date) -> Period:
    return Period("week", monday, _end_after(monday, 7, iso_week_label(monday)))


def month_period(year: int, month: int) -> Period:
    """The month; ``InvalidPeriod`` for December 9999, whose end does not exist, and for years outside 1-9999."""
    if not 1 <= year <= 9999:
        raise InvalidPeriod(f"{year} is outside the calendar (years 1 to 9999)")
    start = date(year, month, 1)
    if (year, month) == (9999, 12):
        raise InvalidPeriod(f"9999-12 runs past {LAST_DAY.isoformat()}, the last day paperwire can list")
    end = date(year + (month == 12), month % 12 + 1, 1)
    return Period("month", start, end)


def parse_day(text: str) -> Period:
    if not _DAY_RE.match(text):
        raise InvalidPeriod(f"{text!r} is not a date; use YYYY-MM-DD, e.g. 2025-02-27")
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise InvalidPeriod(f"{text!r} is not a real calendar date") from None
    return day_period(day)


def parse_week(text: str) -> Period:
    match = _WEEK_RE.match(text)
    if not match:
        raise InvalidPeriod(f"{text!r} is not an ISO week; use YYYY-Www, e.g. 2025-W09")
    year, week = int(match.group(1)), int(match.group(2))
    if year < 1:
        raise InvalidPeriod(f"{text!r} is outside the calendar (years 1 to 9999)")
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        raise InvalidPeriod(f"{year} has no ISO week {week}") from None
    return week_period_from_monday(monday)


def parse_month(text: str) -> Period:
    match = _MONTH_RE.match(text)
    if not match:
        raise InvalidPeriod(f"{text!r} is not a month; use YYYY-MM, e.g. 2025-02")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or year < 1:
        raise InvalidPeriod(f"{text!r} is not a real month")
    return month_period(year, month)
