"""Claiming, sending and recording digest deliveries.

Any number of workers on any number of machines may call
:func:`send_due_digests` at once. Each claims a batch of delivery rows in
the database (``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL; on SQLite
the claim runs in an IMMEDIATE transaction, which holds the write lock, so
two claims cannot interleave), marks them with its claim token and a lease,
sends them over one SMTP connection and records each result before sending
the next message. If a worker dies, its rows become claimable when the lease
runs out; only the message in flight at that moment can go out twice.
"""

from __future__ import annotations

import logging
import smtplib
import socket
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from paperwire.digests.content import DigestItem, EditionContent, build_digest, previously_sent
from paperwire.digests.editions import plan_due_editions
from paperwire.digests.models import Delivery, DeliveryStatus, SentUpdate, Subscription, SubscriptionStatus
from paperwire.digests.reader_signals import PersonalSignals, load_personal
from paperwire.digests.rendering import render_digest_email
from paperwire.digests.subscriptions import subscribe_follow_emails

logger = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=6)


class TemporaryFailure(Exception):
    """Worth retrying later: 4xx, refused connection, timeout, dropped connection."""


class PermanentFailure(Exception):
    """A 5xx answer for this address: retrying will not help."""


def classify(exc: BaseException) -> type[TemporaryFailure] | type[PermanentFailure]:
    if isinstance(exc, smtplib.SMTPSenderRefused):
        # Our From address was refused: a configuration problem, not the
        # subscriber's; retry (and give up as "failed") rather than bounce.
        return TemporaryFailure
    code = getattr(exc, "smtp_code", None)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [c for c, _ in exc.recipients.values()]
        code = max(codes) if codes else None
    if isinstance(code, int) and 500 <= code < 600:
        return PermanentFailure
    # 4xx, connection errors, timeouts and anything unknown: try again later;
    # DIGEST_MAX_ATTEMPTS bounds how long.
    return TemporaryFailure


def is_connection_error(exc: BaseException) -> bool:
    return isinstance(exc, smtplib.SMTPServerDisconnected | ConnectionError | socket.timeout | TimeoutError) or (
        isinstance(exc, OSError) and not isinstance(exc, smtplib.SMTPException)
    )


def backoff(attempts: int) -> timedelta:
    delay = timedelta(seconds=settings.DIGEST_RETRY_BASE_SECONDS * 2 ** max(0, attempts - 1))
    return min(delay, MAX_BACKOFF)


def claimable(now: datetime) -> Q:
    return due(now) | abandoned(now)


def due(now: datetime) -> Q:
    return Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING], next_attempt_at__lte=now)


def abandoned(now: datetime) -> Q:
    return Q(status=DeliveryStatus.SENDING, lease_until__lt=now)


def _claimable_ids(condition: Q, size: int) -> list[int]:
    # No ORDER BY: each condition is answered from the (status,
    # next_attempt_at) index; ordering by id made SQLite walk past every
    # row already sent, which grew quadratically with the edition.
    candidates = Delivery.objects.filter(condition)
    if db_connection.features.has_select_for_update_skip_locked:
        candidates = candidates.select_for_update(skip_locked=True)
    return list(candidates.values_list("pk", flat=True)[:size])


def claim_batch(now: datetime, *, size: int | None = None) -> tuple[str, list[Delivery]]:
    size = size or settings.DIGEST_BATCH_SIZE
    token = uuid.uuid4().hex
    lease = now + timedelta(seconds=settings.DIGEST_CLAIM_LEASE_SECONDS)
    with transaction.atomic():
        # Rows of dead workers first, so they never wait behind a big edition.
        ids = _claimable_ids(abandoned(now), size)
        if len(ids) < size:
            ids += _claimable_ids(due(now), size - len(ids))
        if not ids:
            return token, []
        # The filter is repeated so that a row changed since the SELECT is not taken.
        Delivery.objects.filter(pk__in=ids).filter(claimable(now)).update(
            status=DeliveryStatus.SENDING, claim_token=token, lease_until=lease
        )
    rows = list(
        Delivery.objects.filter(claim_token=token, status=DeliveryStatus.SENDING)
        .select_related("subscription", "edition")
        .order_by("pk")
    )
    return token, rows


@dataclass
class Pacer:
    """Keeps one worker under ``DIGEST_RATE_PER_SECOND`` (0 means no limit)."""

    rate: float
    _next: float = field(default=0.0)

    def wait(self) -> None:
        if self.rate <= 0:
            return
        now = time.monotonic()
        if self._next > now:
            time.sleep(self._next - now)
        self._next = max(now, self._next) + 1.0 / self.rate


@dataclass
class BatchResult:
    sent: int = 0
    retrying: int = 0
    bounced: int = 0
    failed: int = 0
    skipped: int = 0


class BatchSender:
    def __init__(self, token: str, clock: datetime | None, contents: dict[int, EditionContent], pacer: Pacer) -> None:
        self.token = token
        self.clock = clock
        self.contents = contents
        self.pacer = pacer
        self.result = BatchResult()
        self.lease_renewed = time.monotonic()

    def now(self) -> datetime:
        return self.clock or timezone.now()

    def _mine(self, delivery: Delivery) -> Q:
        return Q(pk=delivery.pk, claim_token=self.token, status=DeliveryStatus.SENDING)

    def record_sent(self, delivery: Delivery, items: list[DigestItem], message_id: str) -> None:
        events = [item.event_id for item in items if item.event_id is not None]
        user_id = delivery.subscription.user_id
        # The library updates are marked sent with the delivery, in one commit:
        # the next digest does not repeat them, and a crash repeats both or neither.
        # (A plain UPDATE when there are none: a transaction per message costs throughput.)
        with transaction.atomic() if events else nullcontext():
            updated = Delivery.objects.filter(self._mine(delivery)).update(
                status=DeliveryStatus.SENT,
                sent_at=self.now(),
                attempts=F("attempts") + 1,
                paper_ids=[item.paper.pk for item in items],
                message_id=message_id,
                last_error="",
            )
            if events and user_id is not None:
                SentUpdate.objects.bulk_create(
                    [SentUpdate(user_id=user_id, event_id=event, delivery_id=delivery.pk) for event in events],
                    ignore_conflicts=True,
                )
        if not updated:
            logger.warning("digests: delivery %s was reclaimed while being sent (lease too short?)", delivery.pk)
        self.result.sent += 1

    def record_skipped(self, delivery: Delivery, reason: str) -> None:
        Delivery.objects.filter(self._mine(delivery)).update(status=DeliveryStatus.SKIPPED, last_error=reason)
        self.result.skipped += 1

    def record_temporary(self, delivery: Delivery, error: str) -> None:
        attempts = delivery.attempts + 1
        if attempts >= settings.DIGEST_MAX_ATTEMPTS:
            Delivery.objects.filter(self._mine(delivery)).update(
                status=DeliveryStatus.FAILED, attempts=attempts, last_error=error[:2000]
            )
            self.result.failed += 1
            return
        Delivery.objects.filter(self._mine(delivery)).update(
            status=DeliveryStatus.RETRYING,
            attempts=attempts,
            next_attempt_at=self.now() + backoff(attempts),
            last_error=error[:2000],
        )
        self.result.retrying += 1

    def record_bounce(self, delivery: Delivery, error: str) -> None:
        with transaction.atomic():
            Delivery.objects.filter(self._mine(delivery)).update(
                status=DeliveryStatus.BOUNCED, attempts=F("attempts") + 1, last_error=error[:2000]
            )
            Subscription.objects.filter(pk=delivery.subscription_id).update(bounce_count=F("bounce_count") + 1)
            Subscription.objects.filter(
                pk=delivery.subscription_id,
                status=SubscriptionStatus.ACTIVE,
                bounce_count__gte=settings.DIGEST_BOUNCE_THRESHOLD,
            ).update(status=SubscriptionStatus.BOUNCING)
        self.result.bounced += 1

    def renew_lease(self) -> None:
        # Renew when half the lease has gone, so a slow (rate-limited) batch
        # is not taken over by another worker while this one is healthy.
        if time.monotonic() - self.lease_renewed < settings.DIGEST_CLAIM_LEASE_SECONDS / 2:
            return
        Delivery.objects.filter(claim_token=self.token, status=DeliveryStatus.SENDING).update(
            lease_until=self.now() + timedelta(seconds=settings.DIGEST_CLAIM_LEASE_SECONDS)
        )
        self.lease_renewed = time.monotonic()

    def content_for(self, delivery: Delivery) -> EditionContent:
        content = self.contents.get(delivery.edition_id)
        if content is None:
            content = EditionContent.load(delivery.edition)
            self.contents[delivery.edition_id] = content
        return content

    def open(self) -> BaseEmailBackend | None:
        smtp = get_connection(fail_silently=False)
        try:
            smtp.open()
        except Exception as exc:
            logger.warning("digests: cannot reach the mail server: %s", exc)
            return None
        return smtp

    def send(self, deliveries: list[Delivery]) -> BatchResult:
        sent_before = previously_sent({d.subscription_id for d in deliveries}, self.now())
        personal = load_personal(
            (d.subscription.user_id for d in deliveries if d.subscription.user_id is not None), self.now()
        )
        smtp = self.open()
        remaining = list(deliveries)
        try:
            while remaining:
                delivery = remaining.pop(0)
                if smtp is None:
                    # The server is unreachable: put the rest of the batch back for later.
                    for waiting in [delivery, *remaining]:
                        self.record_temporary(waiting, "mail server unreachable")
                    break
                self.renew_lease()
                smtp = self.send_one(
                    smtp,
                    delivery,
                    sent_before.get(delivery.subscription_id, set()),
                    personal.get(delivery.subscription.user_id or 0),
                )
        finally:
            if smtp is not None:
                smtp.close()
        return self.result

    def send_one(
        self,
        smtp: BaseEmailBackend,
        delivery: Delivery,
        already_sent: set[int],
        personal: PersonalSignals | None = None,
    ) -> BaseEmailBackend | None:
        """Send one delivery; returns the connection to use next (None if it broke)."""
        subscription = delivery.subscription
        if subscription.status != SubscriptionStatus.ACTIVE:
            self.record_skipped(delivery, f"subscription is {subscription.status}")
            return smtp
        try:
            content = self.content_for(delivery)
            items = build_digest(subscription, content, already_sent, personal)
            if not items:
                self.record_skipped(delivery, "nothing new for this subscriber")
                return smtp
            message = render_digest_email(
                subscription, content, items, connection=smtp, message_key=f"digest.{delivery.pk}"
            )
        except Exception as exc:  # a bug must not wedge the batch: count it as an attempt
            logger.exception("digests: could not build delivery %s", delivery.pk)
            self.record_temporary(delivery, f"{type(exc).__name__}: {exc}")
            return smtp
        self.pacer.wait()
        try:
            accepted = smtp.send_messages([message])
            if not accepted:
                raise TemporaryFailure("the mail backend did not accept the message")
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
            if classify(exc) is PermanentFailure:
                self.record_bounce(delivery, error)
                return smtp
            self.record_temporary(delivery, error)
            if is_connection_error(exc):
                smtp.close()
                return self.open()
            return smtp
        self.record_sent(delivery, items, str(message.extra_headers["Message-ID"]))
        return smtp


def send_due_digests(now: datetime | None = None, *, force: bool = False, max_batches: int | None = None) -> int:
    """Plan today's editions if due, then send every claimable delivery; returns messages sent.

    ``now`` pins the clock (tests); without it each batch uses the current time.
    ``force`` plans today's editions even before ``DIGEST_SEND_HOUR``.
    """
    subscribe_follow_emails()
    plan_due_editions(now or timezone.now(), force=force)
    contents: dict[int, EditionContent] = {}
    pacer = Pacer(settings.DIGEST_RATE_PER_SECOND)
    total = 0
    batches = 0
    with relaxed_commit():
        while max_batches is None or batches < max_batches:
            token, deliveries = claim_batch(now or timezone.now())
            if not deliveries:
                break
            result = BatchSender(token, now, contents, pacer).send(deliveries)
            total += result.sent
            batches += 1
            logger.info(
                "digests: batch of %d: %d sent, %d retrying, %d bounced, %d failed, %d skipped",
                len(deliveries),
                result.sent,
                result.retrying,
                result.bounced,
                result.failed,
                result.skipped,
            )
    return total


@contextmanager
def relaxed_commit() -> Iterator[None]:
    """On PostgreSQL, do not wait for the WAL flush of every recorded send.

    Each result is committed before the next message goes out; waiting for
    the disk on every one of those commits held one worker to about 140
    messages/s. With ``synchronous_commit`` off a commit is still atomic and
    at once visible to every other worker, so claims and the "one copy"
    guarantee after a worker crash are unchanged. Only a crash of the
    database server itself can forget the last fraction of a second of
    results, and those messages would be sent again, never lost.
    """
    if not (settings.USING_POSTGRES and settings.DIGEST_ASYNC_COMMIT):
        yield
        return
    with db_connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        with db_connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO DEFAULT")
