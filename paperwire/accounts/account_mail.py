"""Account emails (confirmations, "you already have an account", password resets) sent by the worker.

The request renders the message and queues it; the worker sends it. So a
sign-up answers in the same time whether the address is new or known (the
SMTP conversation, hundreds of milliseconds when the relay is slow, is off
the request path for both), and a slow or broken relay no longer makes
sign-up hang or fail.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.mail import EmailMessage, EmailMultiAlternatives

logger = logging.getLogger(__name__)


def message_to_payload(message: EmailMessage) -> dict[str, Any]:
    """What the task needs to send ``message`` again, as JSON (django-tasks arguments must be)."""
    alternatives = getattr(message, "alternatives", [])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "content_subtype": message.content_subtype,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {str(name): str(value) for name, value in message.extra_headers.items()},
        "alternatives": [[str(content), str(mimetype)] for content, mimetype in alternatives],
    }


def payload_to_message(payload: dict[str, Any]) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        cc=payload["cc"],
        bcc=payload["bcc"],
        reply_to=payload["reply_to"],
        headers=payload["headers"],
    )
    message.content_subtype = payload["content_subtype"]
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    return message


def send_email(payload: dict[str, Any]) -> None:
    message = payload_to_message(payload)
    message.send()
    logger.info("account email %r sent to %d recipient(s)", message.subject, len(message.recipients()))
