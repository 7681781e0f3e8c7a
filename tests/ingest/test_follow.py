"""`paperwire follow` against a local replay of Hugging Face's daily-papers API and its quirks."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from paperwire.ingest.follow import FollowBusy, follow_all, follow_upstream
from paperwire.ingest.hf_client import retry_after_seconds
from paperwire.ingest.models import FollowCheckpoint
from paperwire.ingest.tasks import follow_upstreams_task
from paperwire.ops.schedule import registered_jobs
from paperwire.papers.models import DailyEntry, Paper
from tests.support.hf_replay import HfReplay, Quirk, running_replay

pytestmark = pytest.mark.django_db

# A week of the dump in which Hugging Face listed 2604.07429 again six days
# after its first listing; two of its days need a second page of 20.
DAYS = frozenset(
    date.fromisoformat(d) for d in ("2026-04-09", "2026-04-10", "2026-04-13", "2026-04-14", "2026-04-15", "2026-04-16")
)
RELISTED = "2604.07429"


@pytest.fixture
def replay(shared_data: Path, settings) -> Iterator[HfReplay]:
    settings.FOLLOW_REQUEST_INTERVAL = 0.0
    settings.FOLLOW_TIMEOUT = 0.5
    settings.FOLLOW_PAGE_SIZE = 20
    settings.FOLLOW_REFRESH_DAYS = 0
    with running_replay(shared_data / "hf-daily", days=DAYS) as server:
        yield server


def _recorded(replay: HfReplay) -> dict[str, list[date]]:
    """Every paper of the served days, with the days Hugging Face listed it on."""
    listed: dict[str, list[date]] = {}
    for day in replay.served_days():
        for item in replay.items_of(day):
            listed.setdefault(item["paper"]["id"], []).append(day)
    return listed


def _follow(replay: HfReplay, *args: str) -> str:
    out = io.StringIO()
    call_command("follow", replay.base_url, "--once", "--quiet", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_it_imports_every_item_exactly_once_through_hf_quirks(replay: HfReplay) -> None:
    listed = _recorded(replay)
    assert max(len(replay.items_of(day)) for day in DAYS) > 20  # so some day needs a second page
    replay.fail_next(429, retry_after=1)
    replay.fail_next(500)
    replay.slow_next(1.0)  # beyond the 0.5 s timeout
    replay.truncate_next()
    started = time.monotonic()

    summary = _follow(replay, "--since", "2026-04-09", "--until", "2026-04-16")

    assert time.monotonic() - started >= 1.0  # Retry-After was waited out
    assert Paper.objects.count() == len(listed) == DailyEntry.objects.count()
    assert f"added {len(listed)}, " in summary
    assert summary.strip().endswith(f"rejected 0 (8 days, {len(replay.requests)} requests)")
    for arxiv_id, days in listed.items():
        entry = DailyEntry.objects.get(paper__arxiv_id=arxiv_id)
        assert entry.list_date == max(days), arxiv_id
    assert listed[RELISTED] == [date(2026, 4, 10), date(2026, 4, 16)]
    pages = [q for q in replay.requests if q["date"] == "2026-04-10"]
    assert {q["p"] for q in pages} == {"0", "1"} and {q["limit"] for q in pages} == {"20"}
    # One request per page (a short page ends the day, an empty one too) and four retries.
    pages_a_day = [len(replay.items_of(date(2026, 4, d))) // 20 + 1 for d in range(9, 17)]
    assert len(replay.requests) == sum(pages_a_day) + 4


def test_it_changes_nothing_when_reading_the_same_days_again(replay: HfReplay) -> None:
    _follow(replay, "--since", "2026-04-10", "--until", "2026-04-16")
    before = list(DailyEntry.objects.order_by("paper__arxiv_id").values_list("paper__arxiv_id", "list_date"))

    again = _follow(replay, "--since", "2026-04-10", "--until", "2026-04-16")

    assert "added 0, updated 0, unchanged" in again
    assert list(DailyEntry.objects.order_by("paper__arxiv_id").values_list("paper__arxiv_id", "list_date")) == before
    assert DailyEntry.objects.get(paper__arxiv_id=RELISTED).list_date == date(2026, 4, 16)


def test_it_resumes_after_the_day_that_failed(replay: HfReplay) -> None:
    # 2026-04-10 (two pages), 04-11 and 04-12 (a weekend) answer; 04-13 answers 400.
    replay.quirks.extend([Quirk(), Quirk(), Quirk(), Quirk()])
    replay.fail_next(400)

    with pytest.raises(CommandError, match="not caught up"):
        _follow(replay, "--since", "2026-04-10", "--until", "2026-04-16")
    checkpoint = FollowCheckpoint.objects.get(upstream=replay.base_url)
    assert checkpoint.done_through == date(2026, 4, 12)
    assert checkpoint.leased_until is None
    assert set(DailyEntry.objects.values_list("list_date", flat=True)) == {date(2026, 4, 10)}

    served = len(replay.requests)
    summary = _follow(replay, "--until", "2026-04-16")  # from the checkpoint

    assert replay.requests[served]["date"] == "2026-04-13"
    assert "rejected 0" in summary
    wanted = {key for key, days in _recorded(replay).items() if max(days) >= date(2026, 4, 10)}
    assert set(Paper.objects.values_list("arxiv_id", flat=True)) == wanted


def test_it_refuses_to_read_an_upstream_another_catch_up_is_reading(replay: HfReplay) -> None:
    first = follow_upstream(replay.base_url, since=date(2026, 4, 10), until=date(2026, 4, 10))
    assert first.counts.added == len(replay.items_of(date(2026, 4, 10)))
    FollowCheckpoint.objects.filter(upstream=replay.base_url).update(leased_until="2999-01-01T00:00:00Z")

    with pytest.raises(FollowBusy):
        follow_upstream(replay.base_url, since=date(2026, 4, 10), until=date(2026, 4, 10))


def test_it_reads_retry_after_as_seconds_or_a_date() -> None:
    assert retry_after_seconds("3") == 3.0
    assert retry_after_seconds("100000") == 600.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


def test_it_is_a_periodic_job_that_follows_nothing_by_default(settings) -> None:
    jobs = {job.name: job for job in registered_jobs()}
    assert jobs["ingest.follow_upstreams"].task is follow_upstreams_task
    assert jobs["ingest.follow_upstreams"].every == timedelta(minutes=30)
    settings.FOLLOW = []

    assert follow_all() == []
    assert not FollowCheckpoint.objects.exists()


def test_it_goes_on_with_the_next_upstream_when_one_fails(replay: HfReplay, settings) -> None:
    # Two names of the same replay: two upstreams, the first of which refuses its first request.
    failing = replay.base_url.replace("127.0.0.1", "localhost")
    settings.FOLLOW = [failing, replay.base_url]
    settings.FOLLOW_BACKFILL_DAYS = 0
    replay.fail_next(400)

    lines = follow_all()

    assert lines[0].startswith(f"{failing}: not caught up (") and "HTTP 400" in lines[0]
    assert lines[1] == f"{replay.base_url}: added 0, updated 0, unchanged 0, rejected 0 (1 day, 1 request)"
