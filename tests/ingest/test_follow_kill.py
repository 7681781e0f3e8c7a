"""A `paperwire follow` killed with SIGKILL resumes where it stopped and imports every item exactly once."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from paperwire.ingest.follow import BATCH_RECORDS, LEASE, follow_upstream
from paperwire.ingest.models import FollowCheckpoint
from paperwire.papers.models import DailyEntry, Paper
from tests.support.hf_replay import running_replay
from tests.support.processes import env_for_test_database

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _wait_for(condition, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the follower did not get there in time")
        time.sleep(0.1)


def test_it_resumes_after_a_kill_without_repeating_or_losing_a_day(shared_data: Path, settings) -> None:
    settings.FOLLOW_REQUEST_INTERVAL = 0.0
    settings.FOLLOW_REFRESH_DAYS = 0
    with running_replay(shared_data / "hf-daily") as replay:
        days = replay.served_days()[:40]
        papers = {item["paper"]["id"] for day in days for item in replay.items_of(day)}
        # Far enough in that at least one batch of BATCH_RECORDS papers was written before it.
        stalled = days[37]
        assert sum(len(replay.items_of(day)) for day in days[:37]) > BATCH_RECORDS
        replay.stall(stalled, 60)
        env = dict(env_for_test_database(), PAPERWIRE_FOLLOW_REQUEST_INTERVAL="0", PAPERWIRE_FOLLOW_TIMEOUT="120")
        command = ["follow", replay.base_url, "--once", "--quiet", "--since", str(days[0]), "--until", str(days[-1])]
        follower = subprocess.Popen([sys.executable, "-m", "paperwire.cli", *command], env=env)
        try:
            _wait_for(lambda: any(query["date"] == str(stalled) for query in replay.requests))
        finally:
            follower.kill()
            follower.wait(timeout=30)

        checkpoint = FollowCheckpoint.objects.get(upstream=replay.base_url)
        assert checkpoint.done_through is not None and days[0] < checkpoint.done_through < stalled
        written = {
            item["paper"]["id"] for day in days if day <= checkpoint.done_through for item in replay.items_of(day)
        }
        # Whole days or nothing: every paper of the days up to the checkpoint, none after.
        assert set(Paper.objects.values_list("arxiv_id", flat=True)) == written
        # The killed follower still holds its claim, for LEASE at most; let that time pass.
        assert checkpoint.leased_until is not None
        FollowCheckpoint.objects.filter(pk=checkpoint.pk).update(leased_until=checkpoint.leased_until - LEASE)
        replay.stalled.clear()
        served = len(replay.requests)

        result = follow_upstream(replay.base_url, until=days[-1])

    resumed = [query["date"] for query in replay.requests[served:]]
    assert resumed[0] == str(checkpoint.done_through + timedelta(days=1))
    assert Paper.objects.count() == len(papers) == DailyEntry.objects.count()
    assert result.counts.rejected == 0
