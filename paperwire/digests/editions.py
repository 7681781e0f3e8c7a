"""Which editions are due, what period each covers, and planning their deliveries.

A daily edition on date D covers the daily lists of D-1 (on Mondays, the
whole weekend too, so people who skip weekends miss nothing); a weekly edition
covers the seven lists before D and goes to the subscribers whose weekday is
D's. Editions go out at ``DIGEST_SEND_HOUR`` UTC.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from paperwire.digests.models import (
    Delivery,
    DeliveryStatus,
    Edition,
    Frequency,
    Subscription,
    SubscriptionStatus,
)
from paperwire.papers.models import Paper
from paperwire.papers.trending import trending_papers

logger = logging.getLogger(__name__)

# How many trending papers of the period are considered for each edition;
# category filters and interests pick each subscriber's share from these.
CANDIDATE_LIMIT = 200


def edition_period(frequency: str, issue_date: date) -> tuple[date, date]:
    if frequency == Frequency.WEEKLY:
        return issue_date - timedelta(days=7), issue_date
    days_back = 3 if issue_date.weekday() == 0 else 1
    return issue_date - timedelta(days=days_back), issue_date


def period_bounds(edition: Edition) -> tuple[datetime, datetime]:
    return (
        datetime.combine(edition.period_start, time.min, tzinfo=UTC),
        datetime.combine(edition.period_end, time.min, tzinfo=UTC),
    )


def candidate_papers(edition: Edition, now: datetime | None = None) -> list[Paper]:
    """The period's trending papers, best first; ages are measured to ``now``, by default the period's end."""
    since, until = period_bounds(edition)
    return trending_papers(since, until, limit=CANDIDATE_LIMIT, now=now or until)


def due_issue_date(now: datetime, *, force: bool = False) -> date | None:
    now = now.astimezone(UTC)
    if not force and now.hour < settings.DIGEST_SEND_HOUR:
        return None
    return now.date()


def eligible_subscriptions(edition: Edition) -> QuerySet[Subscription]:
    qs = Subscription.objects.filter(status=SubscriptionStatus.ACTIVE, frequency=edition.frequency)
    if edition.frequency == Frequency.WEEKLY:
        qs = qs.filter(weekday=edition.issue_date.weekday())
    elif edition.issue_date.weekday() >= 5:
        qs = qs.filter(skip_weekends=False)
    return qs


def insert_deliveries(edition: Edition, now: datetime) -> int:
    """One pending delivery per eligible subscription, in a single INSERT ... SELECT.

    Building 100,000 model instances for bulk_create took over a minute on a
    busy machine; the database does the same in a few seconds. ON CONFLICT
    DO NOTHING (SQLite and PostgreSQL) with the unique (subscription,
    edition) constraint makes a second planner harmless. (The WHERE clause
    also keeps SQLite from reading ON CONFLICT as a join constraint.)
    """
    subquery, params = eligible_subscriptions(edition).values("pk").query.sql_with_params()
    deliveries = connection.ops.quote_name(Delivery._meta.db_table)
    subscriptions = connection.ops.quote_name(Subscription._meta.db_table)
    # Only names from the models and SQL compiled by the ORM are formatted in;
    # every value is a parameter.
    sql = (
        f"INSERT INTO {deliveries} (subscription_id, edition_id, status, attempts, next_attempt_at,"  # noqa: S608
        " claim_token, lease_until, paper_ids, message_id, sent_at, last_error)"
        f" SELECT s.id, %s, %s, 0, %s, '', NULL, '[]', '', NULL, '' FROM {subscriptions} s WHERE s.id IN ({subquery})"
        " ON CONFLICT (subscription_id, edition_id) DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [edition.pk, DeliveryStatus.PENDING, connection.ops.adapt_datetimefield_value(now), *params],
        )
        return max(0, cursor.rowcount)


def plan_edition(edition: Edition, now: datetime) -> int:
    """Create the delivery rows of an edition; safe to run twice or concurrently."""
    if candidate_papers(edition, now):
        created = insert_deliveries(edition, now)
    else:
        logger.info("digests: %s has no papers; nothing to send", edition)
        created = 0
    Edition.objects.filter(pk=edition.pk, planned_at__isnull=True).update(planned_at=timezone.now())
    logger.info("digests: planned %s: %d deliveries", edition, created)
    return created


def plan_due_editions(now: datetime, *, force: bool = False) -> list[Edition]:
    """Create today's editions once the send hour has passed (or at once with ``force``)."""
    issue_date = due_issue_date(now, force=force)
    if issue_date is None:
        return []
    editions = []
    for frequency in (Frequency.DAILY, Frequency.WEEKLY):
        start, end = edition_period(frequency, issue_date)
        edition, _ = Edition.objects.get_or_create(
            frequency=frequency, issue_date=issue_date, defaults={"period_start": start, "period_end": end}
        )
        if edition.planned_at is None:
            plan_edition(edition, now)
        editions.append(edition)
    return editions
