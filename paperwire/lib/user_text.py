"""One rule for every text a person submits, in a form or through the API.

NUL and other control characters never belong in what a person types
(PostgreSQL refuses NUL in text outright, SQLite stores it), so they are
refused with a message rather than stored on one database and a 500 on the
other. Names that others see or that label a person's things (tags, authors
to follow, titles) also refuse the invisible characters that make one name
look like another or reverse the text around it: bidi overrides and
isolates, and zero-width characters.

The length is checked before any pattern runs, so the patterns below (single
character classes, linear) never see more than the field allows.
"""

from __future__ import annotations

import re

# C0 controls but tab, newline and carriage return; DEL; C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Bidi embeddings, overrides, isolates and marks; zero-width spaces, joiners and the BOM.
_INVISIBLE = re.compile("[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


class UserTextError(ValueError):
    """The text cannot be taken as it is; the message names the field and what to change."""


def checked_text(value: str, *, label: str, max_length: int) -> str:
    """``value`` unchanged when it is plain text of at most ``max_length`` characters; UserTextError otherwise.

    Tabs and line breaks are allowed (notes, comments, pasted lists).
    """
    if len(value) > max_length:
        raise UserTextError(f"{label} can be at most {max_length:,} characters long.")
    found = _CONTROL.search(value)
    if found:
        raise UserTextError(f"{label} contains a control character ({_code(found.group())}); send plain text.")
    return value


def checked_name(value: str, *, label: str, max_length: int) -> str:
    """``value`` unchanged when it is a plain one-line name; UserTextError otherwise.

    On top of :func:`checked_text`: no invisible characters (bidi overrides,
    zero-width) that would make the name look like another one.
    """
    checked_text(value, label=label, max_length=max_length)
    found = _INVISIBLE.search(value)
    if found:
        raise UserTextError(f"{label} contains an invisible character ({_code(found.group())}); remove it.")
    return value


def has_control_characters(value: str) -> bool:
    return _CONTROL.search(value) is not None


def _code(character: str) -> str:
    return f"U+{ord(character):04X}"
