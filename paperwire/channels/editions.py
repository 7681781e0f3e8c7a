"""Which messages are due: one delivery row per destination and edition.

Edition keys:

- ``list:D`` for a destination that posts each new daily list: D is a list
  day that has papers, is *settled* (the UTC day is over, or a later list
  exists) and not older than the destination; a list imported while the
  worker was down is planned on its next run (up to ``LOOKBACK_DAYS`` back);
- ``daily:L`` / ``weekly:L`` for a destination with a time of day: L is the
  local date in its time zone, due once the local hour has come (on its
  weekday for weekly ones); it covers the list days before L (one or seven).

Planning inserts rows with ON CONFLICT DO NOTHING against the unique
(destination, edition key), so any number of workers may plan at once.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db.models import QuerySet

from paperwire.channels.models import ChannelDelivery, Destination, Schedule
from paperwire.papers.models import DailyEntry

LOOKBACK_DAYS = 7


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def settled_list_dates(now: datetime, since: date) -> list[date]:
    """List days from ``since`` on whose list is complete: the UTC day is over, or a later list exists."""
    today = now.astimezone(UTC).date()
    days = sorted(
        set(
            DailyEntry.objects.filter(
                paper__hidden=False, list_date__gte=since, list_date__lte=today + timedelta(days=1)
            )
            .values_list("list_date", flat=True)
            .distinct()
        )
    )
    if not days:
        return []
    latest = days[-1]
    return [day for day in days if day < today or day < latest]


def list_editions(destinations: list[Destination], now: datetime) -> list[ChannelDelivery]:
    if not destinations:
        return []
    floor = now.astimezone(UTC).date() - timedelta(days=LOOKBACK_DAYS)
    settled = settled_list_dates(now, floor)
    rows = []
    for destination in destinations:
        first = destination.created_at.astimezone(UTC).date()
        for day in settled:
            if day >= first:
                rows.append(new_delivery(destination, f"list:{day.isoformat()}", day, day + timedelta(days=1), now))
    return rows


def scheduled_edition(destination: Destination, now: datetime) -> ChannelDelivery | None:
    """Today's (local) daily or weekly edition of ``destination`` once its hour has come; None otherwise."""
    local_now = now.astimezone(zone(destination.time_zone))
    local_day = local_now.date()
    send_at = datetime.combine(local_day, time(destination.send_hour), tzinfo=local_now.tzinfo)
    if local_now < send_at or send_at < destination.created_at:
        return None
    if destination.schedule == Schedule.WEEKLY:
        if local_day.weekday() != destination.weekday:
            return None
        return new_delivery(
            destination, f"weekly:{local_day.isoformat()}", local_day - timedelta(days=7), local_day, now
        )
    return new_delivery(destination, f"daily:{local_day.isoformat()}", local_day - timedelta(days=1), local_day, now)


def new_delivery(destination: Destination, key: str, start: date, end: date, now: datetime) -> ChannelDelivery:
    return ChannelDelivery(
        destination=destination, edition_key=key, period_start=start, period_end=end, next_attempt_at=now
    )


def active_destinations() -> QuerySet[Destination]:
    return Destination.objects.filter(enabled=True)


def plan_due_deliveries(now: datetime) -> int:
    """Insert the delivery rows that are due; returns how many were new."""
    destinations = list(active_destinations())
    rows = list_editions([d for d in destinations if d.schedule == Schedule.EACH_LIST], now)
    for destination in destinations:
        if destination.schedule != Schedule.EACH_LIST:
            row = scheduled_edition(destination, now)
            if row is not None:
                rows.append(row)
    if not rows:
        return 0
    existing = set(
        ChannelDelivery.objects.filter(
            destination__in=[row.destination_id for row in rows], edition_key__in={row.edition_key for row in rows}
        ).values_list("destination_id", "edition_key")
    )
    fresh = [row for row in rows if (row.destination_id, row.edition_key) not in existing]
    ChannelDelivery.objects.bulk_create(fresh, ignore_conflicts=True)
    return len(fresh)
