"""Background tasks: thin wrappers around the domain functions."""

from __future__ import annotations

from django_tasks import task

from paperwire.channels.sending import send_due_channels


@task()
def send_due_channels_task() -> int:
    return send_due_channels()
