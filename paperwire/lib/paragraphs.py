"""Paragraphs of an abstract as its source wrote it.

arXiv (and Hugging Face, which copies arXiv) hard-wraps abstracts at about 80
characters and starts a new paragraph on a line indented by spaces; other
sources leave an empty line. Both mark a paragraph; a plain line break is
only a wrap and reads as a space.
"""

from __future__ import annotations

import re

# A line break followed by an empty line or by indentation starts a paragraph.
_BREAK = re.compile(r"\n[ \t]*\n\s*|\n[ \t]+")
_SPACES = re.compile(r"\s+")


def paragraphs(text: str) -> list[str]:
    """``text``'s paragraphs, each on one line with single spaces; none for blank text."""
    parts = _BREAK.split(text.replace("\r\n", "\n").replace("\r", "\n").strip())
    flat = (_SPACES.sub(" ", part).strip() for part in parts)
    return [part for part in flat if part]
