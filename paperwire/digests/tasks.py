"""Background tasks: thin wrappers around the domain functions."""

from __future__ import annotations

from django_tasks import task

from paperwire.digests.sending import send_due_digests
from paperwire.ops.slices import past, slice_deadline
from paperwire.ops.work_classes import WorkClass


@task(queue_name=WorkClass.BULK)
def send_due_digests_task() -> int:
    """Send for one slice, then queue the rest: thousands of digests never hold up an account email."""
    deadline = slice_deadline()
    sent = send_due_digests(deadline=deadline)
    if past(deadline):
        send_due_digests_task.enqueue()
    return sent
