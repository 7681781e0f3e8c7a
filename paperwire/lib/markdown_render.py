"""Markdown written by people → sanitised HTML that keeps math readable.

Comments are Markdown (python-markdown) cleaned by nh3 with a short allow
list: no raw HTML, no images, links only to http(s)/mailto with
``rel="nofollow ugc"``. Math between ``$…$``, ``$$…$$``, ``\\(…\\)`` and
``\\[…\\]`` is cut out before Markdown runs (Markdown would turn ``a_1 * b_2``
into emphasis and eat the backslashes) and put back afterwards as escaped
text, so KaTeX's auto-render finds the delimiters intact in the page.
"""

from __future__ import annotations

import html
import re
import secrets

import markdown
import nh3

ALLOWED_TAGS = {
    "a", "p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "hr", "del", "h3", "h4", "h5",
    "h6",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener noreferrer"
MARKDOWN_EXTENSIONS = ["fenced_code", "sane_lists", "nl2br"]

# One pass, left to right: code is matched first so `$x$` inside backticks
# stays code; then display math, then inline math. A dollar sign must hug
# its content (``$x$`` but not ``$5 and $6``) as in TeX-aware renderers.
_TOKEN_RE = re.compile(
    r"""
    (?P<fence>^(?P<fmark>```|~~~)[^\n]*\n.*?^(?P=fmark)[ \t]*$)
  | (?P<code>(?P<ticks>`+)[^`].*?(?P=ticks))
  | (?P<math>
        \$\$.+?\$\$
      | \\\[.+?\\\]
      | \\\(.+?\\\)
      | (?<![\\$\w])\$(?=[^\s$])[^$\n]*?[^\s\\$]\$(?![\w$])
      | (?<![\\$\w])\$[^\s$\\]\$(?![\w$])
    )
    """,
    re.DOTALL | re.MULTILINE | re.VERBOSE,
)
# Raw HTML is never wanted: a "<" that does not start an autolink is text.
_LT_RE = re.compile(r"<(?!(?:https?://|mailto:)[^<>\s]+>)")


def render_markdown(text: str) -> str:
    """Sanitised HTML for ``text``; math spans come back verbatim (escaped)."""
    nonce = secrets.token_hex(4)
    math_spans: list[str] = []
    pieces: list[str] = []
    position = 0
    for match in _TOKEN_RE.finditer(text):
        pieces.append(_LT_RE.sub("&lt;", text[position : match.start()]))
        if match.group("math"):
            pieces.append(f"pwmath{nonce}x{len(math_spans)}x")
            math_spans.append(match.group("math"))
        else:
            pieces.append(match.group(0))  # code: Markdown escapes it itself
        position = match.end()
    pieces.append(_LT_RE.sub("&lt;", text[position:]))

    rendered = markdown.markdown("".join(pieces), extensions=MARKDOWN_EXTENSIONS, output_format="html")
    cleaned = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
    )
    for index, span in enumerate(math_spans):
        cleaned = cleaned.replace(f"pwmath{nonce}x{index}x", html.escape(span))
    return cleaned
