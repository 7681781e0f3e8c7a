"""Background tasks: thin wrappers around the domain functions."""

from __future__ import annotations

from django_tasks import task

from paperwire.digests.sending import send_due_digests


@task()
def send_due_digests_task() -> int:
    return send_due_digests()
