from __future__ import annotations

import pytest

from paperwire.digests.tasks import send_due_digests_task
from paperwire.ops import schedule
from paperwire.ops.schedule import registered_jobs, run_due_jobs
from tests.digests.conftest import SEND_TIME, make_paper, make_subscriber


def test_it_registers_the_periodic_send_job():
    [job] = [job for job in registered_jobs() if job.name == "digests.send_due"]
    assert job.task is send_due_digests_task
    assert job.every.total_seconds() == 300


@pytest.mark.django_db
def test_it_sends_due_digests_when_the_worker_runs_the_periodic_job(settings, smtp_server, time_machine, monkeypatch):
    # Only this app's job: the others (indexing, heartbeat) are not under test here.
    monkeypatch.setattr(schedule, "_JOBS", {"digests.send_due": schedule._JOBS["digests.send_due"]})
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}}
    make_paper(upvotes=3)
    make_subscriber("reader@example.com")
    time_machine.move_to(SEND_TIME)

    assert "digests.send_due" in run_due_jobs()
    assert "digests.send_due" not in run_due_jobs()  # one claim per occurrence

    assert [m.recipients for m in smtp_server.messages] == [["reader@example.com"]]
