"""A fast MIME serialiser for the digest's own simple messages.

Python's ``email`` package spends about 1.5 ms building and flattening each
multipart message, more than rendering and sending together. Digests are
always the same shape (plain text + HTML, UTF-8, no attachments), so
:class:`DigestMessage` writes that shape directly. Anything unusual (a
non-ASCII address, a line longer than SMTP allows, an attachment) falls back
to Django's normal serialisation, and backends that never call
``message()`` (e.g. anymail's API backends) see an ordinary
``EmailMultiAlternatives``.
"""

from __future__ import annotations

import base64
import email
import email.policy
import os
import random
import re
from email.message import Message
from functools import lru_cache
from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import sanitize_address

# RFC 5321: at most 998 octets per line before CRLF.
MAX_LINE = 998


class PrebuiltMessage:
    """Quacks like ``email.message.Message`` for what mail backends use."""

    def __init__(self, lines: list[str], parts: list[tuple[str, str]], boundary: str) -> None:
        self._headers = lines
        self._parts = parts
        self._boundary = boundary
        self._parsed: Message | None = None

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n") -> bytes:
        out = [*self._headers, ""]
        for content_type, body in self._parts:
            out += [
                f"--{self._boundary}",
                f'Content-Type: {content_type}; charset="utf-8"',
                "MIME-Version: 1.0",
                "Content-Transfer-Encoding: 8bit",
                "",
                *body.splitlines(),
            ]
        out += [f"--{self._boundary}--", ""]
        return linesep.join(out).encode("utf-8")

    def as_string(self, unixfrom: bool = False, linesep: str = "\n") -> str:
        return self.as_bytes(linesep=linesep).decode("utf-8")

    def __getattr__(self, name: str) -> Any:
        # Anything beyond serialisation: a real parsed message.
        if self._parsed is None:
            self._parsed = email.message_from_bytes(self.as_bytes(), policy=email.policy.default)
        return getattr(self._parsed, name)

    def __getitem__(self, name: str) -> Any:
        return self.__getattr__("__getitem__")(name)


PLAIN_ADDRESS = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+$")


@lru_cache(maxsize=64)
def _sanitized(address: str) -> str:
    return str(sanitize_address(address, "utf-8"))


def _address(address: str) -> str:
    # A bare ASCII address needs no parsing; the From/Reply-To (with a
    # display name) are the same on every message, so they are cached.
    return address if PLAIN_ADDRESS.match(address) else _sanitized(address)


def _lines_fit(body: str) -> bool:
    longest = max(map(len, body.splitlines()), default=0)
    if longest * 4 <= MAX_LINE:  # even all 4-byte characters would fit
        return True
    return all(len(line.encode()) <= MAX_LINE for line in body.splitlines())


def encode_words(text: str) -> list[str]:
    """RFC 2047 base64 encoded-words of at most 75 characters, one per line.

    ``email.header.Header`` does the same but costs about 2 ms a subject.
    """
    words: list[str] = []
    chunk = ""
    for char in text:
        # 45 bytes of UTF-8 make 60 base64 characters: a 72-character word.
        if len((chunk + char).encode()) > 45:
            words.append(chunk)
            chunk = ""
        chunk += char
    if chunk:
        words.append(chunk)
    return [f"=?utf-8?b?{base64.b64encode(word.encode()).decode('ascii')}?=" for word in words]


def random_token() -> str:
    # Not a secret, just unique: urandom per message was measurable at 200/s.
    return f"{_random.getrandbits(96):024x}"


_random = random.Random()  # seeded from os.urandom once per process
# RQ forks a work horse per job: re-seed in the child, or every fork would
# produce the same Message-IDs and boundaries.
os.register_at_fork(after_in_child=_random.seed)


def _header_value(value: str) -> str | None:
    if "\n" in value or "\r" in value:
        return None
    return value if value.isascii() else None


class DigestMessage(EmailMultiAlternatives):
    def message(self, *args: Any, **kwargs: Any) -> Any:
        prebuilt = self._prebuilt()
        return prebuilt if prebuilt is not None else super().message(*args, **kwargs)

    def _prebuilt(self) -> PrebuiltMessage | None:
        if self.attachments or len(self.alternatives) != 1 or self.cc or self.bcc:
            return None
        html, mimetype = self.alternatives[0]
        if mimetype != "text/html" or not isinstance(html, str):
            return None
        bodies = [("text/plain", str(self.body)), ("text/html", html)]
        for _, body in bodies:
            if "\r" in body or not _lines_fit(body):
                return None
        subject = str(self.subject)
        if "\n" in subject or "\r" in subject:
            return None
        # RFC 2047 encoded words, folded onto continuation lines.
        subject_lines = [subject] if subject.isascii() else encode_words(subject)
        addresses = {"From": _address(self.from_email), "To": ", ".join(_address(a) for a in self.to)}
        if self.reply_to:
            addresses["Reply-To"] = ", ".join(_address(a) for a in self.reply_to)
        boundary = f"=_pw_{random_token()}"
        lines = [f'Content-Type: multipart/alternative; boundary="{boundary}"', "MIME-Version: 1.0"]
        lines.append(f"Subject: {subject_lines[0]}")
        lines += [f" {word}" for word in subject_lines[1:]]
        for name, value in {**addresses, **self.extra_headers}.items():
            checked = _header_value(str(value))
            if checked is None:
                return None
            lines.append(f"{name}: {checked}")
        return PrebuiltMessage(lines, bodies, boundary)
