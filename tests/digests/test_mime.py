from __future__ import annotations

import email
import email.policy
from email.message import Message
from typing import Any

import pytest
from django.core.mail import BadHeaderError

from paperwire.digests.mime import DigestMessage, PrebuiltMessage


def parse(message: DigestMessage) -> email.message.EmailMessage:
    raw = message.message().as_bytes(linesep="\r\n")
    return email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore[return-value]


def content(parsed: email.message.EmailMessage, kind: str) -> str:
    part = parsed.get_body((kind,))
    assert part is not None
    return str(part.get_content()).replace("\r\n", "\n").rstrip("\n")


def make(**overrides: Any) -> DigestMessage:
    fields: dict[str, Any] = {
        "subject": "Today's papers: Über <attention> — naïve & café",
        "body": "Plain text with ünïcode\nand a second line\n.leading dot\n",
        "from_email": "Pâperwire Digest <digest@example.org>",
        "to": ["reader@example.com"],
        "reply_to": ["editors@example.org"],
        "headers": {"List-Unsubscribe-Post": "List-Unsubscribe=One-Click", "Message-ID": "<a.b@example.org>"},
    }
    fields.update(overrides)
    message = DigestMessage(**fields)
    message.attach_alternative("<p>HTML with ünïcode &amp; more</p>\n", "text/html")
    return message


def test_it_writes_a_valid_multipart_message_with_encoded_headers():
    message = make()
    assert isinstance(message.message(), PrebuiltMessage)

    parsed = parse(message)

    assert parsed["Subject"] == "Today's papers: Über <attention> — naïve & café"
    assert parsed["From"].addresses[0].display_name == "Pâperwire Digest"
    assert parsed["To"] == "reader@example.com" and parsed["Reply-To"] == "editors@example.org"
    assert parsed["Message-ID"] == "<a.b@example.org>"
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert content(parsed, "plain") == "Plain text with ünïcode\nand a second line\n.leading dot"
    assert content(parsed, "html") == "<p>HTML with ünïcode &amp; more</p>"


def test_it_falls_back_to_djangos_serialiser_for_very_long_lines():
    message = make(body="x" * 2000)

    assert isinstance(message.message(), Message)
    assert parse(message).get_body(("plain",)).get_content().strip() == "x" * 2000


def test_it_refuses_header_injection():
    message = make(headers={"X-Evil": "a\r\nBcc: victim@example.com"})

    with pytest.raises(BadHeaderError):
        message.message()
