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

from django.core.mail import BadHeaderError, EmailMultiAlternatives
from django.core.mail.message import sanitize_address

# RFC 5321: at most 998 octets per line before CRLF.
MAX_LINE = 998
# RFC 5322: a header name is printable ASCII but ":".
FIELD_NAME = re.compile(r"[!-9;-~]+")
# Printable ASCII words with single spaces between them.
PLAIN_TEXT = re.compile(r"[!-~]+(?: [!-~]+)*")
# "Subject: " and the subject on one line of at most MAX_LINE octets.
MAX_SUBJECT = MAX_LINE - len("Subject: ")


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
                # Only "\n" ends a line: str.splitlines() would also break at
                # form feeds, U+2028 and the like, changing the text.
                *body.split("\n"),
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
    lines = body.split("\n")
    longest = max(map(len, lines), default=0)
    if longest * 4 <= MAX_LINE:  # even all 4-byte characters would fit
        return True
    return all(len(line.encode()) <= MAX_LINE for line in lines)


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


def _as_is(subject: str) -> bool:
    """Whether ``subject`` reads back unchanged when written without encoding.

    Readers strip leading and trailing whitespace and decode anything shaped
    like ``=?utf-8?b?…?=``, and SMTP cuts lines longer than 998 octets; so
    only printable ASCII words with single spaces go as they are, everything
    else as encoded words.
    """
    return not subject or (len(subject) <= MAX_SUBJECT and "=?" not in subject and bool(PLAIN_TEXT.fullmatch(subject)))


def _has_line_break(value: object) -> bool:
    text = str(value)
    return "\n" in text or "\r" in text


class DigestMessage(EmailMultiAlternatives):
    def message(self, *args: Any, **kwargs: Any) -> Any:
        self._refuse_header_injection()
        prebuilt = self._prebuilt()
        return prebuilt if prebuilt is not None else super().message(*args, **kwargs)

    def _refuse_header_injection(self) -> None:
        """Raise BadHeaderError for a line break in any header, on both paths.

        The fast path must check before ``sanitize_address``, which silently
        drops everything after a line break inside a display name's comment
        (``Ada (\\n Bcc: …) <ada@example.org>`` becomes ``Ada``); and neither
        Django nor the ``email`` package checks header names.
        """
        values = [self.subject, self.from_email, *self.to, *self.cc, *self.bcc, *self.reply_to]
        for value in [*values, *self.extra_headers.values()]:
            if _has_line_break(value):
                raise BadHeaderError(f"Header values can't contain newlines (got {str(value)!r})")
        for name in self.extra_headers:
            if not FIELD_NAME.fullmatch(name):
                raise BadHeaderError(f"{name!r} is not a header name")

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
        # RFC 2047 encoded words, folded onto continuation lines, for anything
        # a mail client would not read back as written.
        subject_lines = [subject] if _as_is(subject) else encode_words(subject)
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
