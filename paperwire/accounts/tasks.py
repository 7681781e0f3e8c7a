"""Background tasks of the accounts app: thin wrappers around the domain functions."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from paperwire.accounts.account_mail import send_email
from paperwire.ops.work_classes import WorkClass


# Urgent: someone is waiting on the confirm page (or a password reset) for this very message.
@task(queue_name=WorkClass.URGENT)
def send_account_email_task(payload: dict[str, Any]) -> None:
    send_email(payload)
