"""A real worker process killed mid-edition: each destination still gets its list exactly once."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from paperwire.channels.models import ChannelDelivery, DeliveryStatus, Destination
from tests.channels.conftest import make_destination, make_paper
from tests.channels.receivers import ChatReceiver
from tests.support.processes import env_for_test_database

DESTINATIONS = 6


def start_worker() -> subprocess.Popen[str]:
    env = env_for_test_database()
    env.update(
        PAPERWIRE_CHANNEL_ALLOW_PRIVATE="true",
        PAPERWIRE_CHANNEL_CLAIM_LEASE_SECONDS="2",
        PAPERWIRE_SITE_URL="https://papers.example.org",
        PAPERWIRE_LOG_LEVEL="WARNING",
    )
    return subprocess.Popen(
        [sys.executable, "-m", "paperwire.cli", "channels", "send"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_for(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.02)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_it_posts_once_per_destination_when_the_worker_is_killed_mid_edition(record_property):
    make_paper(upvotes=4, list_date=timezone.now().date() - timedelta(days=1))
    user = get_user_model().objects.create_user("ada", "ada@example.com", "pw-123456789")
    with ChatReceiver() as receiver:
        for n in range(DESTINATIONS):
            make_destination(receiver.json_url(f"lab{n}"), owner=user)
        Destination.objects.update(created_at=timezone.now() - timedelta(days=3))
        # The third destination's service takes the message and never answers: the worker dies then.
        held = receiver.hold_next("/lab2")
        worker = start_worker()
        wait_for(lambda: "/lab2" not in receiver.state.holds or worker.poll() is not None)
        assert worker.poll() is None, worker.communicate()[0][-2000:]
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        held.set()
        delivered_before_kill = len(receiver.delivered())
        time.sleep(2.5)  # the dead worker's lease runs out

        restarted = start_worker()
        output, _ = restarted.communicate(timeout=120)
        assert restarted.returncode == 0, output[-2000:]

        per_destination = {n: len(receiver.delivered(f"/lab{n}")) for n in range(DESTINATIONS)}
    print(f"\nSIGKILL after {delivered_before_kill} messages; after restart: {per_destination}")
    record_property("delivered_before_kill", delivered_before_kill)
    assert delivered_before_kill == 2
    assert per_destination == dict.fromkeys(range(DESTINATIONS), 1)
    assert ChannelDelivery.objects.filter(status=DeliveryStatus.SENT).count() == DESTINATIONS
