"""Background tasks of the community app (bodies hold no logic)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from paperwire.community.submit import process_submission
from paperwire.ops.work_classes import WorkClass


# Interactive: the person who submitted waits to see the paper on today's list.
@task(queue_name=WorkClass.INTERACTIVE)
def process_submission_task(submission_id: int) -> str:
    return process_submission(submission_id)


def wake_for_submission(sender: type, submission_id: int, **kwargs: Any) -> None:
    """``submission_queued``: have the worker fetch the submitted paper."""
    process_submission_task.enqueue(submission_id)
