"""Where math starts and ends in text people write, and how it is marked for KaTeX.

The rules are Pandoc's (and markdown-it dollarmath's with ``allow_space`` and
``allow_digits`` off), so "Cost was $5 and $10" stays prose:

- ``$…$`` is inline math when the opening ``$`` is not followed by a space
  and the closing ``$`` is neither preceded by a space nor followed by a digit;
- ``$$…$$`` is display math (inside a line or on lines of its own);
- ``\\(…\\)`` is inline math and ``\\[…\\]`` display math, as in LaTeX;
- ``\\$`` is a dollar sign.

Math is never parsed as Markdown or LaTeX text; it is written out escaped in
``<span class="math inline">`` or ``<span class="math display">`` (Pandoc's
class names), and ``static/paperwire/math.js`` typesets exactly those
elements. Comments and abstracts use the same rules through ``use_math``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin

INLINE = "math_inline"
DISPLAY_INLINE = "math_inline_double"
DISPLAY_BLOCK = "math_block"


def math_element(tex: str, *, display: bool) -> str:
    """The HTML that marks ``tex`` for KaTeX (escaped, so it is text to the browser)."""
    kind = "display" if display else "inline"
    return f'<span class="math {kind}">{escapeHtml(tex.strip())}</span>'


def use_math(md: MarkdownIt) -> MarkdownIt:
    """Teach ``md`` the math delimiters above and render math as ``math_element``."""
    md.use(
        dollarmath_plugin,
        allow_space=False,
        allow_digits=False,
        double_inline=True,
        allow_labels=False,
        # Blank lines inside $$…$$ are allowed so a display block always ends
        # at the next line closing with $$, never re-scanned from every line.
        allow_blank_lines=True,
    )
    md.inline.ruler.before("escape", "math_paren", _bracket_rule("\\(", "\\)", INLINE))
    md.inline.ruler.before("escape", "math_bracket", _bracket_rule("\\[", "\\]", DISPLAY_INLINE))
    md.add_render_rule(INLINE, _render(display=False))
    md.add_render_rule(DISPLAY_INLINE, _render(display=True))
    md.add_render_rule(DISPLAY_BLOCK, _render(display=True, block=True))
    return md


def is_math(token: Token) -> bool:
    return token.type in (INLINE, DISPLAY_INLINE, DISPLAY_BLOCK)


def is_display(token: Token) -> bool:
    return token.type in (DISPLAY_INLINE, DISPLAY_BLOCK)


def _render(*, display: bool, block: bool = False) -> Callable[..., str]:
    def render(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        element = math_element(tokens[idx].content, display=display)
        return f"<p>{element}</p>\n" if block else element

    return render


def _bracket_rule(opener: str, closer: str, token_type: str) -> Callable[[StateInline, bool], bool]:
    """An inline rule for ``\\(…\\)`` or ``\\[…\\]`` that stays linear in the text's length."""

    def rule(state: StateInline, silent: bool) -> bool:
        start = state.pos
        if not state.src.startswith(opener, start) or _escaped(state.src, start):
            return False
        end = _next_closer(state, closer, start + len(opener))
        if end < 0 or end + len(closer) > state.posMax:
            return False
        content = state.src[start + len(opener) : end]
        if not content.strip():
            return False
        if not silent:
            token = state.push(token_type, "math", 0)
            token.content = content
            token.markup = opener
        state.pos = end + len(closer)
        return True

    return rule


def _escaped(src: str, position: int) -> bool:
    """True when an odd number of backslashes stands right before ``position``."""
    backslashes = 0
    while position - backslashes - 1 >= 0 and src[position - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def _next_closer(state: StateInline, closer: str, start: int) -> int:
    """Index of the next ``closer`` at or after ``start`` in ``state.src``, or -1.

    Remembered per text: without it, 5,000 unclosed ``\\(`` would each search
    to the end of the text again (quadratic time).
    """
    memo: dict[tuple[int, str], tuple[int, int]] = state.env.setdefault("math_closers", {})
    key = (id(state.src), closer)
    known = memo.get(key)
    if known is not None:
        searched_from, found = known
        if searched_from <= start and (found < 0 or found >= start):
            return found
    found = state.src.find(closer, start)
    memo[key] = (start, found)
    return found
