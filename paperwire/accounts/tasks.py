"""Background tasks of the accounts app: thin wrappers around the domain functions."""

from __future__ import annotations

from typing import Any

from django.core.mail import EmailMessage
from django_tasks import task

from paperwire.accounts.account_mail import message_to_payload, send_email
from paperwire.ops.work_classes import WorkClass


# Urgent: someone is waiting on the confirm page (or a password reset) for this very message.
@task(queue_name=WorkClass.URGENT)
def send_account_email_task(payload: dict[str, Any]) -> None:
    send_email(payload)


def queue_email(message: EmailMessage) -> None:
    """Have the worker send ``message``."""
    # Enqueued at once, not on commit: allauth's views run in autocommit, so
    # the account a confirmation link names is already saved, and on the
    # database queue the task row would commit with it anyway.
    send_account_email_task.enqueue(message_to_payload(message))
