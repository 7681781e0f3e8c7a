"""Fault tests against a real SMTP server (aiosmtpd) and real worker processes.

(a) server down at the start, (b) 451 on every third message, (c) a worker
killed with SIGKILL mid-batch, (d) two workers at once on PostgreSQL,
(e) 550 for one address.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from paperwire.digests.editions import plan_due_editions
from paperwire.digests.models import Delivery, DeliveryStatus, Subscription, SubscriptionStatus
from paperwire.digests.sending import claim_batch, send_due_digests
from tests.digests.conftest import SEND_TIME, make_paper, make_subscriber

REPO = Path(__file__).resolve().parents[2]


def recipients(server: Any) -> Counter[str]:
    return Counter(r for m in server.messages for r in m.recipients)


def send_until_done(start: Any, *, rounds: int = 12) -> None:
    """Run the sender as the periodic job would, an hour apart, until nothing is left."""
    now = start
    for _ in range(rounds):
        send_due_digests(now)
        if not Delivery.objects.filter(status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING]).exists():
            return
        now += timedelta(hours=1)
    raise AssertionError("deliveries still pending after many rounds")


@pytest.mark.django_db
def test_it_loses_nothing_when_the_smtp_server_is_down_at_the_start(smtp_server):
    make_paper(upvotes=5)
    emails = [f"reader{n}@example.com" for n in range(6)]
    for email in emails:
        make_subscriber(email)
    smtp_server.stop()

    assert send_due_digests(SEND_TIME) == 0
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.RETRYING}
    assert send_due_digests(SEND_TIME + timedelta(seconds=30)) == 0  # still backing off

    smtp_server.start()
    assert send_due_digests(SEND_TIME + timedelta(minutes=2)) == 6
    assert recipients(smtp_server) == Counter({email: 1 for email in emails})


@pytest.mark.django_db
def test_it_delivers_exactly_once_when_every_third_message_gets_451(smtp_server):
    smtp_server.sink.respond = lambda envelope, attempt: "451 Try again later" if attempt % 3 == 0 else None
    make_paper(upvotes=5)
    emails = [f"reader{n}@example.com" for n in range(10)]
    for email in emails:
        make_subscriber(email)

    send_until_done(SEND_TIME)

    assert recipients(smtp_server) == Counter({email: 1 for email in emails})
    assert smtp_server.sink.attempts > 10  # refusals really happened and were retried
    assert Delivery.objects.filter(status=DeliveryStatus.SENT, attempts__gte=2).exists()


@pytest.mark.django_db
def test_it_marks_a_bouncing_address_and_delivers_everyone_else(smtp_server, settings):
    settings.DIGEST_BOUNCE_THRESHOLD = 1
    smtp_server.sink.respond = lambda envelope, attempt: (
        "550 5.1.1 No such user" if "nobody@example.com" in envelope.rcpt_tos else None
    )
    make_paper(upvotes=5)
    emails = ["a@example.com", "nobody@example.com", "b@example.com", "c@example.com"]
    for email in emails:
        make_subscriber(email)

    send_until_done(SEND_TIME)

    assert recipients(smtp_server) == Counter({"a@example.com": 1, "b@example.com": 1, "c@example.com": 1})
    bounced = Subscription.objects.get(email="nobody@example.com")
    assert bounced.status == SubscriptionStatus.BOUNCING and bounced.bounce_count == 1
    delivery = Delivery.objects.get(subscription=bounced)
    assert delivery.status == DeliveryStatus.BOUNCED and "550" in delivery.last_error
    assert delivery.attempts == 1  # a permanent failure is not retried


@pytest.mark.django_db
def test_it_keeps_an_address_below_the_bounce_threshold(smtp_server, settings):
    settings.DIGEST_BOUNCE_THRESHOLD = 3
    smtp_server.sink.respond = lambda envelope, attempt: "550 mailbox full"
    make_paper(upvotes=5)
    make_subscriber("flaky@example.com")

    send_until_done(SEND_TIME)

    subscription = Subscription.objects.get()
    assert subscription.status == SubscriptionStatus.ACTIVE and subscription.bounce_count == 1


@pytest.mark.django_db
def test_it_reclaims_a_dead_workers_batch_only_after_its_lease(smtp_server, settings):
    settings.DIGEST_CLAIM_LEASE_SECONDS = 300
    make_paper(upvotes=5)
    for n in range(3):
        make_subscriber(f"reader{n}@example.com")
    plan_due_editions(SEND_TIME)
    _, claimed = claim_batch(SEND_TIME)  # a worker claims, then dies
    assert len(claimed) == 3

    assert send_due_digests(SEND_TIME + timedelta(minutes=1)) == 0  # still leased
    assert send_due_digests(SEND_TIME + timedelta(minutes=6)) == 3
    assert len(smtp_server.messages) == 3


# --- real worker processes ------------------------------------------------


def worker_env(smtp_port: int, **extra: str) -> dict[str, str]:
    """The test's environment, pointed at the test database and the test SMTP server."""
    env = dict(os.environ)
    name = str(connection.settings_dict["NAME"])
    if django_settings.USING_POSTGRES:
        parts = urlsplit(env["PAPERWIRE_DATABASE_URL"])
        env["PAPERWIRE_DATABASE_URL"] = urlunsplit(parts._replace(path="/" + name))
    else:
        env["PAPERWIRE_SQLITE_PATH"] = name
    env.update(
        PAPERWIRE_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        PAPERWIRE_SMTP_HOST="127.0.0.1",
        PAPERWIRE_SMTP_PORT=str(smtp_port),
        PAPERWIRE_SITE_URL="https://papers.example.org",
        PAPERWIRE_LOG_LEVEL="WARNING",
        **extra,
    )
    return env


def start_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(REPO / "manage.py"), "digest", "send", "--now"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def papers_and_subscribers(count: int) -> list[str]:
    make_paper(upvotes=5, list_date=timezone.now().date() - timedelta(days=1))
    emails = [f"reader{n:03d}@example.com" for n in range(count)]
    Subscription.objects.bulk_create([Subscription(email=email, status=SubscriptionStatus.ACTIVE) for email in emails])
    return emails


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_it_sends_one_copy_each_when_a_worker_is_killed_mid_batch(smtp_server, record_property):
    emails = papers_and_subscribers(40)
    env = worker_env(
        smtp_server.port,
        PAPERWIRE_DIGEST_RATE_PER_SECOND="20",
        PAPERWIRE_DIGEST_BATCH_SIZE="10",
        PAPERWIRE_DIGEST_CLAIM_LEASE_SECONDS="2",
    )
    worker = start_worker(env)
    deadline = time.monotonic() + 60
    while len(smtp_server.messages) < 14 and worker.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert worker.poll() is None, worker.communicate()[1].decode()[-2000:]
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    delivered_before_kill = len(smtp_server.messages)
    assert delivered_before_kill < len(emails)
    time.sleep(2.5)  # the dead worker's lease runs out

    restarted = start_worker(env)
    _, stderr = restarted.communicate(timeout=120)
    assert restarted.returncode == 0, stderr.decode()[-2000:]

    counts = recipients(smtp_server)
    duplicates = sum(n - 1 for n in counts.values())
    print(f"\n(c) SIGKILL after {delivered_before_kill} messages: {duplicates} duplicate(s) after restart")
    record_property("sigkill_duplicates", duplicates)
    assert set(counts) == set(emails)
    assert duplicates <= 1
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == len(emails)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_it_sends_no_duplicates_with_two_workers_on_postgres(smtp_server):
    if not django_settings.USING_POSTGRES:
        pytest.skip("two concurrent worker processes are tested on PostgreSQL (SKIP LOCKED)")
    emails = papers_and_subscribers(80)
    env = worker_env(smtp_server.port, PAPERWIRE_DIGEST_BATCH_SIZE="5", PAPERWIRE_DIGEST_RATE_PER_SECOND="100")
    workers = [start_worker(env), start_worker(env)]
    outputs = [w.communicate(timeout=120) for w in workers]
    for worker, (_, stderr) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, stderr.decode()[-2000:]

    sent_by = [int(out.decode().split()[0]) for out, _ in outputs]
    print(f"\n(d) two workers sent {sent_by[0]} + {sent_by[1]} messages")
    assert recipients(smtp_server) == Counter({email: 1 for email in emails})
    assert sum(sent_by) == len(emails)


def test_it_classifies_smtp_answers():
    import smtplib

    from paperwire.digests.sending import PermanentFailure, TemporaryFailure, classify

    assert classify(smtplib.SMTPDataError(451, b"try later")) is TemporaryFailure
    assert classify(smtplib.SMTPDataError(550, b"no such user")) is PermanentFailure
    assert classify(smtplib.SMTPRecipientsRefused({"a@b": (550, b"no")})) is PermanentFailure
    assert classify(smtplib.SMTPRecipientsRefused({"a@b": (450, b"greylisted")})) is TemporaryFailure
    # A refused From is our configuration, not the subscriber's address.
    assert classify(smtplib.SMTPSenderRefused(553, b"not allowed", "x@y")) is TemporaryFailure
    assert classify(ConnectionRefusedError()) is TemporaryFailure
    assert classify(TimeoutError()) is TemporaryFailure
