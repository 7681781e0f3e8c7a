"""Calendar periods used in URLs: a day, an ISO week (2025-W09), a month (2025-02)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
_DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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

    def shifted(self, steps: int) -> Period:
        """The period ``steps`` units before (negative) or after (positive) this one."""
        if self.kind == "day":
            return day_period(self.start + timedelta(days=steps))
        if self.kind == "week":
            return week_period_from_monday(self.start + timedelta(weeks=steps))
        month_index = self.start.year * 12 + (self.start.month - 1) + steps
        return month_period(month_index // 12, month_index % 12 + 1)


def iso_week_label(day: date) -> str:
    """The ISO week ``day`` falls in, as URLs write it: ``2025-W09`` (the ISO year, not the calendar year)."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def month_label(day: date) -> str:
    """The month ``day`` falls in, as URLs write it: ``2025-02``."""
    return day.strftime("%Y-%m")


def day_period(day: date) -> Period:
    return Period("day", day, day + timedelta(days=1))


def week_period_from_monday(monday: date) -> Period:
    return Period("week", monday, monday + timedelta(days=7))


def month_period(year: int, month: int) -> Period:
    start = date(year, month, 1)
    end = date(year + (month == 12), month % 12 + 1, 1)
    return Period("month", start, end)


def parse_day(text: str) -> Period:
    if not _DAY_RE.match(text):
        raise InvalidPeriod(f"{text!r} is not a date; use YYYY-MM-DD, e.g. 2025-02-27")
    try:
        return day_period(date.fromisoformat(text))
    except ValueError:
        raise InvalidPeriod(f"{text!r} is not a real calendar date") from None


def parse_week(text: str) -> Period:
    match = _WEEK_RE.match(text)
    if not match:
        raise InvalidPeriod(f"{text!r} is not an ISO week; use YYYY-Www, e.g. 2025-W09")
    year, week = int(match.group(1)), int(match.group(2))
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
