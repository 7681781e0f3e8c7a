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

Abstracts are converted on every page view, so results are cached per text.
"""

from __future__ import annotations

import re
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


@lru_cache(maxsize=CACHE_SIZE)
def latex_html(text: str) -> str:
    """Escaped HTML: text converted, line breaks as ``<br>``, math marked for KaTeX."""
    pieces: list[str] = []
    for token in _SPLITTER.parseInline(text or "")[0].children or []:
        if is_math(token):
            pieces.append(math_element(token.content, display=is_display(token)))
        else:
            pieces.append(escapeHtml(_text_of(token.content)).replace("\n", "<br>\n"))
    return "".join(pieces)


@lru_cache(maxsize=CACHE_SIZE)
def latex_plain(text: str) -> str:
    """Plain text: text converted, math kept exactly as written with its delimiters."""
    pieces: list[str] = []
    for token in _SPLITTER.parseInline(text or "")[0].children or []:
        if is_math(token):
            pieces.append(f"{token.markup}{token.content}{_CLOSERS[token.markup]}")
        else:
            pieces.append(_text_of(token.content))
    return "".join(pieces)
