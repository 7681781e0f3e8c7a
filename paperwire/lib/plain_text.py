"""Plain text for places a reader may take for HTML: RSS titles and ``dc:creator``.

RSS 2.0 never says whether a title is text or HTML, and readers guess (feedparser
treats ``<b>…</b>`` as HTML; others render every title as HTML). Escaping the
title as HTML would show ``&amp;`` to the readers that take it as text, so
paperwire sends text that means the same either way: no tags, character
references decoded once, and no ``<`` that could open a tag.
"""

from __future__ import annotations

import html
import re

import nh3

# TeX math ($…$) keeps its comparisons: in math mode a space after `<` changes
# nothing, and `$a< b$` can no longer open an HTML tag the way `$a<b$` does.
_MATH = re.compile(r"\$[^$]+\$")
# What an HTML parser reads as the start of markup: a tag, an end tag, a comment or a declaration.
_MARKUP_OPEN = re.compile(r"<(?=[A-Za-z/!?])")
_SPACES = re.compile(r"\s+")
# A pathological title (entities nested many times) gets no more passes than this.
_MAX_PASSES = 4


def _loosen_math(text: str) -> str:
    return _MATH.sub(lambda match: _MARKUP_OPEN.sub("< ", match.group(0)), text)


def _one_pass(text: str) -> str:
    # With no tag allowed, nh3 drops every tag and keeps the text between them
    # (even inside <script>: it is somebody's title, not code to run here); its
    # output is HTML, decoded once here.
    return html.unescape(nh3.clean(_loosen_math(text), tags=set(), clean_content_tags=set()))


def plain_text(text: str) -> str:
    """``text`` with no HTML markup left in it, whitespace collapsed; TeX math intact."""
    current = text
    for _ in range(_MAX_PASSES):
        # Decoding `&lt;b&gt;` makes a new tag: clean again until nothing changes.
        cleaned = _one_pass(current)
        if cleaned == current:
            break
        current = cleaned
    else:
        current = _MARKUP_OPEN.sub("< ", current)
    return _SPACES.sub(" ", current).strip()
