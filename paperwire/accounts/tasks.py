"""Background tasks of the accounts app: thin wrappers around the domain functions."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from paperwire.accounts.account_mail import send_email


@task()
def send_account_email_task(payload: dict[str, Any]) -> None:
    send_email(payload)
