"""Titles and abstracts as arXiv has them (LaTeX-flavoured) → what a reader should see.

Authors write abstracts in LaTeX: ``73.63\\%``, ``R\\&D``, ``Fig.~3``,
````quoted''``, ``\\emph{…}``. The text between formulas is turned into
Unicode by pylatexenc; the formulas, found by the same rules as in comments
(``paperwire/lib/math_delimiters.py``: "$5 and $10" is prose, ``\\$`` a
dollar), are never touched:

- ``latex_html`` marks them for KaTeX (``<span class="math …">``) and
  escapes everything else, for pages that load ``math.js``;
- ``latex_plain`` keeps them as written (``$x^2$``), for plain-text places:
  page titles, excerpts, emails, search snippets.

Abstracts also hold formulas without delimiters (2408.13233: "linear time
n^{1+o(1)}"). pylatexenc would read their braces as groups and drop them
("n^1+o(1)", another formula), so a word with a braced super- or subscript
(``^{`` or ``_{``, braces balanced) counts as inline math as well. Web
addresses are kept out of the conversion too; ``latex_html`` links them
(``rel="nofollow"``: paperwire did not choose them).

Abstracts are converted on every page view, so results are cached per text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from pylatexenc import latexwalker, macrospec
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from paperwire.lib.math_delimiters import is_display, is_math, math_element, use_math

# Only math rules, no Markdown: abstracts are not Markdown.
_SPLITTER = use_math(MarkdownIt("zero"))
_CLOSERS = {"$": "$", "$$": "$$", "\\(": "\\)", "\\[": "\\]"}

# Text without any of these reads the same after conversion: skip pylatexenc.
_LATEX_HINT = re.compile(r"[\\~{}]|``|''|--")
# Characters LaTeX reads as commands but abstracts use as text ("50% of
# cases", "A & B", a "$" that is no formula): an even run of backslashes
# (maybe none) before them means they are bare, so they get one.
_BARE_SPECIAL = re.compile(r"(?<!\\)((?:\\\\)*)([%&$#])")
# Longer text parts are shown as written rather than parsed (pylatexenc
# recurses per brace level; an abstract is about 2,000 characters).
MAX_CONVERTED_CHARS = 20_000
CACHE_SIZE = 4096
# A braced super- or subscript: the mark of a formula written without "$".
_BARE_MATH_MARK = re.compile(r"[\^_]\{")
_SPACE = re.compile(r"\s")
_URL = re.compile(r"https?://[^\s<>\"'{}\\]{1,500}")
_URL_TRAILING = ".,;:!?'\")]"
LINK_REL = "nofollow noopener noreferrer"


def _converter() -> LatexNodes2Text:
    context = get_default_latex_context_db()
    context.add_context_category(
        "paperwire",
        prepend=True,
        macros=[MacroTextSpec("LaTeX", simplify_repl="LaTeX"), MacroTextSpec("TeX", simplify_repl="TeX")],
    )
    # Text parts hold no math (bare "$" is escaped first); verbatim keeps an
    # unclosed "\(" as written instead of dropping it.
    return LatexNodes2Text(latex_context=context, math_mode="verbatim")


def _walker_context() -> macrospec.LatexContextDb:
    context = latexwalker.get_default_latex_context_db()
    # pylatexenc knows how to print \href{url}{text} but not that it takes two arguments.
    context.add_context_category("paperwire", prepend=True, macros=[macrospec.std_macro("href", False, 2)])
    return context


_TO_TEXT = _converter()
_WALKER_CONTEXT = _walker_context()


def _text_of(latex: str) -> str:
    """Unicode for a stretch of LaTeX text with no math in it."""
    if not _LATEX_HINT.search(latex) or len(latex) > MAX_CONVERTED_CHARS:
        return latex
    source = _BARE_SPECIAL.sub(r"\1\\\2", latex)
    try:
        return str(_TO_TEXT.latex_to_text(source, latex_context=_WALKER_CONTEXT))
    except (RecursionError, IndexError, ValueError, latexwalker.LatexWalkerError):
        return latex  # unreadable LaTeX: show it as written rather than lose it


def _trimmed_url(url: str) -> str:
    """``url`` without the punctuation of the sentence around it (a ")" it opened stays)."""
    while url and url[-1] in _URL_TRAILING and not (url[-1] == ")" and url.count("(") >= url.count(")")):
        url = url[:-1]
    return url


def _bare_formula(word: str) -> tuple[str, str, str]:
    """``word`` as (text before, formula, text after): sentence punctuation and unopened parentheses left out."""
    head, tail = "", ""
    while word and (word[-1] in ".,;:!?" or (word[-1] == ")" and word.count(")") > word.count("("))):
        word, tail = word[:-1], word[-1] + tail
    while word and word[0] == "(" and word.count("(") > word.count(")"):
        word, head = word[1:], head + word[0]
    return head, word, tail


def _balanced(formula: str) -> bool:
    depth = 0
    for ch in formula:
        depth += (ch == "{") - (ch == "}")
        if depth < 0:
            return False
    return depth == 0


def _bare_math_pieces(text: str) -> Iterator[tuple[str, str]]:
    """``text`` as ("text", …) and ("math", …) pieces: words with a braced script are math.

    Linear: each mark is expanded to its word once, and marks inside a word
    already looked at are skipped.
    """
    taken = seen = 0
    for mark in _BARE_MATH_MARK.finditer(text):
        if mark.start() < seen:
            continue
        start = max(taken, text.rfind(" ", taken, mark.start()) + 1, text.rfind("\n", taken, mark.start()) + 1)
        space = _SPACE.search(text, mark.end())
        end = seen = space.start() if space else len(text)
        head, formula, tail = _bare_formula(text[start:end])
        if not _balanced(formula) or len(formula) > MAX_CONVERTED_CHARS:
            continue
        yield "text", text[taken:start] + head
        yield "math", formula
        yield "text", tail
        taken = end
    yield "text", text[taken:]


def _text_pieces(text: str) -> Iterator[tuple[str, str]]:
    """The pieces of a stretch without delimited math: ("text" | "math" | "url", source)."""
    taken = 0
    for match in _URL.finditer(text):
        url = _trimmed_url(match.group())
        if not url or match.start() < taken or text[match.start() - 1 : match.start()] == "{":
            continue  # an argument of \href{…} or \url{…} is pylatexenc's to read
        yield from _bare_math_pieces(text[taken : match.start()])
        yield "url", url
        taken = match.start() + len(url)
    yield from _bare_math_pieces(text[taken:])


def _pieces(text: str) -> Iterator[tuple[str, str, str]]:
    """(kind, source, delimiter) of every piece: "math"/"display" (delimited), "bare" math, "url", "text"."""
    for token in _SPLITTER.parseInline(text or "")[0].children or []:
        if is_math(token):
            yield ("display" if is_display(token) else "math"), token.content, token.markup
            continue
        for kind, piece in _text_pieces(token.content):
            if piece:
                yield ("bare" if kind == "math" else kind), piece, ""


def _link(url: str) -> str:
    return f'<a href="{escapeHtml(url)}" rel="{LINK_REL}">{escapeHtml(url)}</a>'


@lru_cache(maxsize=CACHE_SIZE)
def latex_html(text: str) -> str:
    """Escaped HTML: text converted, line breaks as ``<br>``, math marked for KaTeX, web addresses linked."""
    pieces: list[str] = []
    for kind, source, _ in _pieces(text):
        if kind in ("math", "display", "bare"):
            pieces.append(math_element(source, display=kind == "display"))
        elif kind == "url":
            pieces.append(_link(source))
        else:
            pieces.append(escapeHtml(_text_of(source)).replace("\n", "<br>\n"))
    return "".join(pieces)


@lru_cache(maxsize=CACHE_SIZE)
def latex_plain(text: str) -> str:
    """Plain text: text converted, math and web addresses kept exactly as written (with any delimiters)."""
    pieces: list[str] = []
    for kind, source, delimiter in _pieces(text):
        if kind in ("math", "display"):
            pieces.append(f"{delimiter}{source}{_CLOSERS[delimiter]}")
        elif kind in ("bare", "url"):
            pieces.append(source)
        else:
            pieces.append(_text_of(source))
    return "".join(pieces)
