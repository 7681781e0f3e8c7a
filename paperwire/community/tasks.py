"""Background tasks of the community app (bodies hold no logic)."""

from __future__ import annotations

from django_tasks import task

from paperwire.community.submit import process_submission
from paperwire.ops.work_classes import WorkClass


# Interactive: the person who submitted waits to see the paper on today's list.
@task(queue_name=WorkClass.INTERACTIVE)
def process_submission_task(submission_id: int) -> str:
    return process_submission(submission_id)
