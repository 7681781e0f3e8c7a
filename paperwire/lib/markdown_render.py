"""Markdown written by people → sanitised HTML with its math marked for KaTeX.

Comments are CommonMark, parsed by markdown-it-py (built to run in time
linear in the text; Python-Markdown took 13 s on ``"![" * 5000``), with
line breaks kept, ``~~strike~~``, and math by the rules of
``paperwire/lib/math_delimiters.py``. Raw HTML is shown as text, images as
links, and headings start at ``<h3>`` (the page owns h1 and h2). nh3 then
cleans the result with a short allow list: links only to http(s)/mailto with
``rel="nofollow ugc"``, and ``<span>`` only with the math classes.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from paperwire.lib.math_delimiters import use_math

ALLOWED_TAGS = {
    "a", "p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "hr", "del", "s", "h3", "h4",
    "h5", "h6", "span",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_CLASSES = {"span": {"math", "inline", "display"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener noreferrer"

# Blocks (quotes in lists in quotes…) may nest as deep as CommonMark's preset
# allows. Inline, nesting only matters for brackets inside link text, and each
# level lets every "[" re-scan the text after it: 4 levels instead of 20 halve
# the time of "[" * 10000 and still parse links in emphasis in links.
BLOCK_NESTING = 20
INLINE_NESTING = 4


def _parser(max_nesting: int) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "breaks": True, "maxNesting": max_nesting})
    md.enable("strikethrough")
    md.disable("image")  # ![alt](url) becomes "!" and a link: no pictures from strangers
    return use_math(md)


_INLINE_PARSER = _parser(INLINE_NESTING)


def _parse_inline(state: StateCore) -> None:
    """markdown-it's own inline step, run with the shallow inline nesting."""
    for token in state.tokens:
        if token.type == "inline":
            token.children = []
            _INLINE_PARSER.inline.parse(token.content, _INLINE_PARSER, state.env, token.children)


def _demote_headings(state: StateCore) -> None:
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + 2)}"


_PARSER = _parser(BLOCK_NESTING)
_PARSER.core.ruler.at("inline", _parse_inline)
_PARSER.core.ruler.push("demote_headings", _demote_headings)


def render_markdown(text: str) -> str:
    """Sanitised HTML for ``text``; math comes back as escaped ``<span class="math …">``."""
    return nh3.clean(
        _PARSER.render(text),
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
    )
