"""A real worker process claims periodic jobs and runs queued tasks."""

import pytest
from django.test import Client

from paperwire.ops.heartbeat import last_heartbeat
from paperwire.ops.models import JobOccurrence
from tests.support.processes import run_paperwire

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_claims_the_heartbeat_once_and_runs_it() -> None:
    assert last_heartbeat() is None

    first = run_paperwire("worker", "--once")
    second = run_paperwire("worker", "--once")

    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    assert last_heartbeat() is not None
    # Two runs inside the same minute: one claimed occurrence (two only if the minute turned).
    assert 1 <= JobOccurrence.objects.filter(job="ops.heartbeat").count() <= 2


def test_it_reports_the_worker_in_the_health_check(client: Client) -> None:
    before = client.get("/healthz").json()
    assert before["status"] == "ok"
    assert before["checks"]["worker"]["ok"] is False

    run_paperwire("worker", "--once")

    after = client.get("/healthz").json()
    assert after["checks"]["worker"]["ok"] is True
    assert after["checks"]["database"]["ok"] is True


def test_it_exposes_queue_digest_and_index_gauges(client: Client) -> None:
    from datetime import date

    from paperwire.digests.models import Delivery, Edition, Subscription
    from tests.papers.factories import make_paper

    make_paper(title="Waiting for its vector")
    subscription = Subscription.objects.create(email="reader@example.org", status="active")
    edition = Edition.objects.create(
        frequency="daily", issue_date=date(2025, 3, 3), period_start=date(2025, 3, 2), period_end=date(2025, 3, 3)
    )
    from django.utils import timezone

    Delivery.objects.create(subscription=subscription, edition=edition, status="sent", next_attempt_at=timezone.now())

    body = client.get("/metrics").content.decode()

    assert 'paperwire_digest_deliveries{status="sent"} 1.0' in body
    assert "paperwire_search_index_lag 1.0" in body
    assert "paperwire_papers_total 1.0" in body
