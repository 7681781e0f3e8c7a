"""Claiming, posting and recording channel deliveries: exactly once per destination and edition.

As for the email digests: a worker claims a batch of rows in the database
(``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL, an IMMEDIATE
transaction on SQLite) with a claim token and a lease, posts them one by one
and records each result before the next. A worker that dies leaves its rows
to be claimed again once the lease runs out; only a message in flight at
that moment, which the service never acknowledged, is posted again.

A failing destination is retried with back-off; after
``CHANNEL_MAX_FAILURES`` failures in a row it is switched off and its owner
is emailed. Each send has a time-out, so one slow or failing destination
delays the others of its batch by seconds at most, and email digests run in
their own job.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from paperwire.channels.content import load_content
from paperwire.channels.editions import plan_due_deliveries
from paperwire.channels.instance import sync_instance_destinations
from paperwire.channels.links import absolute
from paperwire.channels.models import ChannelDelivery, DeliveryStatus, Destination
from paperwire.channels.posting import PostFailed, post

logger = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=6)
BATCH_SIZE = 20


def backoff(attempts: int) -> timedelta:
    delay = timedelta(seconds=settings.CHANNEL_RETRY_BASE_SECONDS * 2 ** max(0, attempts - 1))
    return min(delay, MAX_BACKOFF)


def due(now: datetime) -> Q:
    return Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING], next_attempt_at__lte=now)


def abandoned(now: datetime) -> Q:
    return Q(status=DeliveryStatus.SENDING, lease_until__lt=now)


def claim_batch(now: datetime, size: int = BATCH_SIZE) -> tuple[str, list[ChannelDelivery]]:
    token = uuid.uuid4().hex
    with transaction.atomic():
        candidates = ChannelDelivery.objects.filter(due(now) | abandoned(now))
        if db_connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:size])
        if not ids:
            return token, []
        # The condition is repeated so that a row changed since the SELECT is not taken.
        ChannelDelivery.objects.filter(pk__in=ids).filter(due(now) | abandoned(now)).update(
            status=DeliveryStatus.SENDING,
            claim_token=token,
            lease_until=now + timedelta(seconds=settings.CHANNEL_CLAIM_LEASE_SECONDS),
        )
    rows = list(
        ChannelDelivery.objects.filter(claim_token=token, status=DeliveryStatus.SENDING)
        .select_related("destination", "destination__owner")
        .order_by("pk")
    )
    return token, rows


class BatchPoster:
    def __init__(self, token: str, now: datetime | None) -> None:
        self.token = token
        self.clock = now
        self.sent = 0

    def now(self) -> datetime:
        return self.clock or timezone.now()

    def mine(self, delivery: ChannelDelivery) -> Q:
        return Q(pk=delivery.pk, claim_token=self.token, status=DeliveryStatus.SENDING)

    def post_all(self, deliveries: list[ChannelDelivery]) -> int:
        for delivery in deliveries:
            self.post_one(delivery)
        return self.sent

    def post_one(self, delivery: ChannelDelivery) -> None:
        destination = Destination.objects.get(pk=delivery.destination_id)  # fresh: it may have been switched off
        if not destination.enabled:
            self.record(delivery, DeliveryStatus.SKIPPED, last_error="destination switched off")
            return
        try:
            content = load_content(destination, delivery)
        except Exception as exc:  # a bug must not wedge the batch: count it as a failure
            logger.exception("channels: could not build delivery %s", delivery.pk)
            self.record_failure(delivery, destination, f"{type(exc).__name__}: {exc}")
            return
        if not content.lines:
            self.record(delivery, DeliveryStatus.SKIPPED, last_error="no papers in this period")
            return
        try:
            post(destination.url, content, trusted=destination.is_instance)
        except PostFailed as exc:
            self.record_failure(delivery, destination, str(exc))
            return
        with transaction.atomic():
            self.record(delivery, DeliveryStatus.SENT, sent_at=self.now(), paper_ids=content.paper_ids, last_error="")
            Destination.objects.filter(pk=destination.pk).update(consecutive_failures=0, last_sent_at=self.now())
        self.sent += 1

    def record(self, delivery: ChannelDelivery, status: str, **fields: object) -> None:
        updated = ChannelDelivery.objects.filter(self.mine(delivery)).update(
            status=status, attempts=F("attempts") + 1, **fields
        )
        if not updated:
            logger.warning("channels: delivery %s was reclaimed while being posted (lease too short?)", delivery.pk)

    def record_failure(self, delivery: ChannelDelivery, destination: Destination, error: str) -> None:
        failures = destination.consecutive_failures + 1
        switch_off = failures >= settings.CHANNEL_MAX_FAILURES
        logger.warning("channels: %s failed (%d in a row): %s", destination.masked_url, failures, error)
        with transaction.atomic():
            Destination.objects.filter(pk=destination.pk).update(
                consecutive_failures=F("consecutive_failures") + 1,
                last_error=error[:2000],
                last_error_at=self.now(),
            )
            if switch_off:
                self.record(delivery, DeliveryStatus.FAILED, last_error=error[:2000])
                Destination.objects.filter(pk=destination.pk, enabled=True).update(
                    enabled=False, disabled_at=self.now()
                )
            else:
                self.record(
                    delivery,
                    DeliveryStatus.RETRYING,
                    last_error=error[:2000],
                    next_attempt_at=self.now() + backoff(delivery.attempts + 1),
                )
        if switch_off:
            tell_owner_switched_off(destination, error)


def tell_owner_switched_off(destination: Destination, error: str) -> None:
    owner = destination.owner
    address = owner.email if owner is not None else ""
    if not address:
        logger.error("channels: instance destination %s switched off after failures: %s", destination, error)
        return
    body = (
        f"paperwire stopped posting to your destination {destination} ({destination.service}) "
        f"after {settings.CHANNEL_MAX_FAILURES} failures in a row.\n\n"
        f"The last error: {error}\n\n"
        f"Fix the destination and switch it on again: {absolute(reverse('channels:settings'))}\n"
    )
    try:
        send_mail(f"paperwire stopped posting to {destination}", body, None, [address])
    except Exception:  # the switch-off is recorded; the page shows it even if the mail fails
        logger.exception("channels: could not email the owner of destination %s", destination.pk)


def send_due_channels(now: datetime | None = None, *, max_batches: int | None = None) -> int:
    """Plan what is due, then post every claimable delivery; returns messages posted.

    ``now`` pins the clock (tests); without it each batch uses the current time.
    """
    sync_instance_destinations()
    plan_due_deliveries(now or timezone.now())
    total = 0
    batches = 0
    while max_batches is None or batches < max_batches:
        token, deliveries = claim_batch(now or timezone.now())
        if not deliveries:
            break
        total += BatchPoster(token, now).post_all(deliveries)
        batches += 1
    return total
