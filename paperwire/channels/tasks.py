"""Background tasks: thin wrappers around the domain functions."""

from __future__ import annotations

from django_tasks import task

from paperwire.channels.sending import send_due_channels
from paperwire.ops.slices import past, slice_deadline
from paperwire.ops.work_classes import WorkClass


@task(queue_name=WorkClass.BULK)
def send_due_channels_task() -> int:
    """Post for one slice, then queue the rest: a long edition never holds up an account email."""
    deadline = slice_deadline()
    posted = send_due_channels(deadline=deadline)
    if past(deadline):
        send_due_channels_task.enqueue()
    return posted
