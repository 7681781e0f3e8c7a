import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from paperwire.ops import schedule
from paperwire.ops.models import JobOccurrence


class CountingTask:
    def __init__(self) -> None:
        self.enqueued = 0
        self.lock = threading.Lock()

    def enqueue(self) -> None:
        with self.lock:
            self.enqueued += 1


@pytest.fixture
def counting_job(monkeypatch):
    task = CountingTask()
    monkeypatch.setattr(schedule, "_JOBS", {})
    schedule.register_periodic("test.job", every=timedelta(minutes=5), task=task)
    return task


@pytest.mark.django_db
def test_it_runs_each_occurrence_once(counting_job) -> None:
    at = datetime(2025, 3, 1, 7, 2, tzinfo=UTC)

    assert schedule.run_due_jobs(at) == ["test.job"]
    assert schedule.run_due_jobs(at + timedelta(minutes=2)) == []  # same 07:00 occurrence
    assert schedule.run_due_jobs(at + timedelta(minutes=3)) == ["test.job"]  # 07:05

    assert counting_job.enqueued == 2
    assert list(JobOccurrence.objects.values_list("due_at", flat=True).order_by("due_at")) == [
        datetime(2025, 3, 1, 7, 0, tzinfo=UTC),
        datetime(2025, 3, 1, 7, 5, tzinfo=UTC),
    ]


@pytest.mark.django_db(transaction=True)
def test_it_lets_exactly_one_of_many_concurrent_workers_claim(counting_job) -> None:
    at = datetime(2025, 3, 1, 7, 2, tzinfo=UTC)
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait()
            schedule.run_due_jobs(at)
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert counting_job.enqueued == 1
    assert JobOccurrence.objects.count() == 1


def test_it_refuses_jobs_more_frequent_than_a_second(monkeypatch) -> None:
    monkeypatch.setattr(schedule, "_JOBS", {})
    with pytest.raises(ValueError, match="at most once a second"):
        schedule.register_periodic("too.fast", every=timedelta(milliseconds=10), task=CountingTask())
