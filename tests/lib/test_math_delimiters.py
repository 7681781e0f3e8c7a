"""Math in text people write, found by Pandoc's rules and marked (escaped) for KaTeX, on a bare Markdown parser."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from paperwire.lib.math_delimiters import math_element, use_math


@pytest.fixture(scope="module")
def md() -> MarkdownIt:
    return use_math(MarkdownIt("commonmark"))


def test_the_marking_is_escaped_text() -> None:
    assert math_element(" a<b ", display=False) == '<span class="math inline">a&lt;b</span>'
    assert math_element("x", display=True) == '<span class="math display">x</span>'


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("$x$ and \\(y\\)", '<span class="math inline">x</span> and <span class="math inline">y</span>'),
        ("see \\[z\\]", 'see <span class="math display">z</span>'),
        ("costs $5 or $10", "costs $5 or $10"),
        ("\\(unclosed", "(unclosed"),
        ("\\\\(not math\\)", "\\(not math)"),
    ],
)
def test_it_finds_inline_and_display_math(md: MarkdownIt, text: str, html: str) -> None:
    assert md.renderInline(text) == html


def test_display_blocks_are_paragraphs_of_their_own(md: MarkdownIt) -> None:
    assert md.render("$$\na\n\nb\n$$") == '<p><span class="math display">a\n\nb</span></p>\n'
