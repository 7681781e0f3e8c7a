"""Highlighted titles and abstract snippets for result lists.

Works on the raw text and escapes every piece before wrapping matches in
``<mark>``, so titles with ``<``, ``&`` or LaTeX stay text.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_PATTERN_WORDS = 40


def match_pattern(words: list[str]) -> re.Pattern[str] | None:
    """Words and their inflections (``network`` marks ``networks``), as the stemming indexes match them."""
    stems = sorted({word.lower()[: max(4, len(word) - 2)] if len(word) > 5 else word.lower() for word in words if word})
    if not stems:
        return None
    stems = stems[:MAX_PATTERN_WORDS]
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(stem) for stem in stems) + r")\w*", re.IGNORECASE)


def highlight(text: str, pattern: re.Pattern[str] | None) -> SafeString:
    if pattern is None:
        return mark_safe(escape(text))  # noqa: S308 - escaped just now
    pieces: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[last : match.start()]))
        pieces.append("<mark>" + escape(match.group(0)) + "</mark>")
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped


def snippet(text: str, pattern: re.Pattern[str] | None, width: int = 320) -> SafeString:
    """About ``width`` characters of ``text`` around its first match, highlighted."""
    text = " ".join(text.split())
    start = 0
    if pattern is not None:
        first = pattern.search(text)
        if first is not None and first.start() > width // 3:
            start = text.rfind(" ", 0, first.start() - width // 4) + 1
    end = min(len(text), start + width)
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    body = highlight(text[start:end], pattern)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(escape(prefix) + body + escape(suffix))  # noqa: S308 - parts escaped
