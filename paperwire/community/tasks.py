"""Background tasks of the community app (bodies hold no logic)."""

from __future__ import annotations

from django_tasks import task

from paperwire.community.submit import process_submission


@task()
def process_submission_task(submission_id: int) -> str:
    return process_submission(submission_id)
