"""Urgent work before bulk work: a real worker takes the work classes in order, on both queue backends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django_tasks_db.models import DBTaskResult

from paperwire.community.tasks import process_submission_task
from paperwire.ops.tasks import heartbeat_task
from paperwire.search.tasks import sync_title_keys_task
from tests.support.cluster import REDIS_SERVER, redis_server
from tests.support.processes import env_for_test_database, run_paperwire

pytestmark = pytest.mark.django_db(transaction=True)

# Bulk first, then something a person asked for, then urgent: the worker must turn the order around.
QUEUE_IN_ARRIVAL_ORDER = """
import json
from paperwire.community.tasks import process_submission_task
from paperwire.ops.tasks import heartbeat_task
from paperwire.search.tasks import sync_title_keys_task
ids = {"bulk": [sync_title_keys_task.enqueue().id for _ in range(3)]}
ids["interactive"] = [process_submission_task.enqueue(0).id]
ids["urgent"] = [heartbeat_task.enqueue().id]
print(json.dumps(ids))
"""

START_TIMES = """
import json
from django_rq import get_connection
from rq.job import Job
ids = json.loads({ids!r})
print(json.dumps({{cls: [Job.fetch(i, connection=get_connection()).started_at.isoformat() for i in batch]
                  for cls, batch in ids.items()}}))
"""


def _assert_classes_ran_in_order(started: dict[str, list[str]]) -> None:
    assert max(started["urgent"]) < min(started["interactive"]), started
    assert max(started["interactive"]) < min(started["bulk"]), started


def test_the_database_worker_runs_urgent_then_interactive_then_bulk_whatever_the_arrival_order() -> None:
    bulk = [sync_title_keys_task.enqueue().id for _ in range(3)]
    interactive = [process_submission_task.enqueue(0).id]
    urgent = [heartbeat_task.enqueue().id]

    result = run_paperwire("worker", "--once")

    assert result.returncode == 0, result.stderr
    started = {
        name: [DBTaskResult.objects.get(id=task_id).started_at.isoformat() for task_id in ids]
        for name, ids in (("bulk", bulk), ("interactive", interactive), ("urgent", urgent))
    }
    _assert_classes_ran_in_order(started)


@pytest.mark.skipif(not Path(REDIS_SERVER).exists(), reason="redis-server is not installed")
def test_the_rq_worker_runs_urgent_then_interactive_then_bulk_whatever_the_arrival_order() -> None:
    with redis_server() as url:
        env = {**env_for_test_database(), "PAPERWIRE_REDIS_URL": url}
        queued = run_paperwire("shell", "-c", QUEUE_IN_ARRIVAL_ORDER, env=env)
        assert queued.returncode == 0, queued.stderr
        ids = queued.stdout.strip().splitlines()[-1]

        worked = run_paperwire("worker", "--once", env=env)
        assert worked.returncode == 0, worked.stderr

        times = run_paperwire("shell", "-c", START_TIMES.format(ids=ids), env=env)
        assert times.returncode == 0, times.stderr
    _assert_classes_ran_in_order(json.loads(times.stdout.strip().splitlines()[-1]))
