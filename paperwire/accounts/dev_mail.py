"""Read the messages Django's file-based email backend wrote (development only).

With no SMTP host configured, paperwire keeps outgoing mail as files under
DATA_DIR/mail; /dev/mail shows them so a newcomer can click the sign-up
verification link without running a mail server.
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from django.conf import settings

# Django's file backend ends every message with a line of 79 dashes.
_SEPARATOR = b"\n" + b"-" * 79 + b"\n"
_SAFE_NAME = re.compile(r"^[\w.\-]+\.log$")


@dataclass
class CapturedMail:
    file_name: str
    index: int
    message: EmailMessage
    modified: float

    @property
    def subject(self) -> str:
        return str(self.message.get("Subject", "(no subject)"))

    @property
    def to(self) -> str:
        return str(self.message.get("To", ""))

    @property
    def sender(self) -> str:
        return str(self.message.get("From", ""))

    @property
    def date(self) -> str:
        return str(self.message.get("Date", ""))

    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        return str(part.get_content()) if part is not None else ""

    def html(self) -> str:
        part = self.message.get_body(preferencelist=("html",))
        return str(part.get_content()) if part is not None else ""


def mail_dir() -> Path:
    return Path(getattr(settings, "EMAIL_FILE_PATH", Path(settings.DATA_DIR) / "mail"))


def _read_file(path: Path) -> list[CapturedMail]:
    found: list[CapturedMail] = []
    modified = path.stat().st_mtime
    for index, chunk in enumerate(path.read_bytes().split(_SEPARATOR)):
        if not chunk.strip():
            continue
        parsed = email.message_from_bytes(chunk, policy=email.policy.default)
        if isinstance(parsed, EmailMessage):
            found.append(CapturedMail(path.name, index, parsed, modified))
    return found


def captured_mail(limit: int = 200) -> list[CapturedMail]:
    """The newest ``limit`` captured messages, newest first."""
    folder = mail_dir()
    if not folder.is_dir():
        return []
    files = sorted(
        (p for p in folder.iterdir() if p.is_file() and _SAFE_NAME.match(p.name)),
        key=lambda p: (p.stat().st_mtime, p.name),
        reverse=True,
    )
    messages: list[CapturedMail] = []
    for path in files:
        messages.extend(reversed(_read_file(path)))
        if len(messages) >= limit:
            break
    return messages[:limit]


def find_mail(file_name: str, index: int) -> CapturedMail | None:
    """One message, looked up only among files really in the mail folder."""
    if not _SAFE_NAME.match(file_name):
        return None
    folder = mail_dir()
    path = folder / file_name
    if not folder.is_dir() or path.name not in {p.name for p in folder.iterdir()}:
        return None
    for mail in _read_file(path):
        if mail.index == index:
            return mail
    return None
