"""How a comment reads: dollar signs, math, Markdown, and time to render the worst comment."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from paperwire.community.comments import MAX_COMMENT_LENGTH
from paperwire.lib.markdown_render import render_markdown
from tests.support.cost import assert_grows_linearly


def _math(tex: str, *, display: bool = False) -> str:
    return f'<span class="math {"display" if display else "inline"}">{tex}</span>'


def test_it_reads_prices_as_prices():
    html = render_markdown("Cost was $5 and $10 per run")
    assert html == "<p>Cost was $5 and $10 per run</p>\n"


def test_it_lets_people_write_a_literal_dollar_with_a_backslash():
    assert render_markdown(r"It costs \$5, or \$4 per \$x\$ token") == "<p>It costs $5, or $4 per $x$ token</p>\n"


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("we bound $n \\log n$ here", "we bound " + _math("n \\log n") + " here"),
        ("so $x$, and", f"so {_math('x')}, and"),
        ("a $ x$ b", "a $ x$ b"),  # space after the opening $
        ("a $x $ b", "a $x $ b"),  # space before the closing $
        ("between $1$2 and", "between $1$2 and"),  # a digit after the closing $
        ("sum $$\\sum_i x_i$$ done", "sum " + _math("\\sum_i x_i", display=True) + " done"),
        ("inline \\(x^2\\) too", f"inline {_math('x^2')} too"),
        ("display \\[y\\] too", f"display {_math('y', display=True)} too"),
    ],
)
def test_it_finds_math_by_the_pandoc_dollar_rules(written: str, shown: str):
    assert render_markdown(written) == f"<p>{shown}</p>\n"


def test_it_shows_display_math_on_its_own_lines():
    assert render_markdown("Energy:\n\n$$\nE = mc^2\n$$\n\nDone.") == (
        f"<p>Energy:</p>\n<p>{_math('E = mc^2', display=True)}</p>\n<p>Done.</p>\n"
    )


def test_it_never_reads_markdown_inside_math_nor_math_inside_code():
    html = render_markdown("Both $a_1 * b_2 * c_3$ and `$x$` and $a < b \\& c$")
    assert html == (
        f"<p>Both {_math('a_1 * b_2 * c_3')} and <code>$x$</code> and " + _math("a &lt; b \\&amp; c") + "</p>\n"
    )


def test_it_keeps_markdown_people_use_and_shows_html_as_text():
    html = render_markdown(
        "# Big title\n\n**bold** *it* ~~old~~ [ok](https://example.org)\nnext line\n\n"
        "- one\n- two\n\n```\ncode <b>\n```\n\n<b>raw</b> ![pic](https://example.org/p.png)"
    )
    assert "<h3>Big title</h3>" in html  # the page owns h1 and h2
    assert "<strong>bold</strong> <em>it</em> <s>old</s>" in html
    assert '<a href="https://example.org" rel="nofollow ugc noopener noreferrer">ok</a><br>\nnext line' in html
    assert "<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in html
    assert "<pre><code>code &lt;b&gt;\n</code></pre>" in html
    assert "&lt;b&gt;raw&lt;/b&gt;" in html
    assert "<img" not in html and '!<a href="https://example.org/p.png"' in html


def test_it_lets_no_one_forge_the_math_marking():
    html = render_markdown('<span class="math inline">\\href{javascript:x}{y}</span> $<img src=x onerror=alert(1)>$')
    assert html.count('<span class="math') == 1
    assert _math("&lt;img src=x onerror=alert(1)&gt;") in html


# --- time: the largest comment allowed, in the shapes that are slowest to parse

# The target is 50 ms for any 10,000-character comment (docs/benchmarks.md,
# "Comment rendering", bench/comment_render.py). The test checks what no load
# changes: the cost of a comment twice as long grows linearly, and stays under
# ten times the target. A parser that is super-linear on such input takes
# seconds (Python-Markdown: 13.6 s on "![" * 5000).
CEILING_S = 0.5


@pytest.fixture(scope="module", autouse=True)
def warm_renderer() -> None:
    # The first render builds the parser and its rule tables; a reader's
    # comment is never the first render of a running server.
    render_markdown("warm-up: *emphasis*, [a link](https://example.org), `code`, $x^2$")


PIECES = ["[", "![", "](", "]", "(", "<", ">", "*", "_", "~", "`", "$", "$$", "\\", "\\(", "&#", "- ", "1. "]
PIECES += ["a", " ", "\n"]


def _largest(unit: str) -> str:
    return (unit * (MAX_COMMENT_LENGTH // len(unit) + 1))[:MAX_COMMENT_LENGTH]


def _nested_list(markers: list[str], text: str, depth: int) -> str:
    lines = [f"{'  ' * (i % depth)}{markers[i % len(markers)]}{text}\n" for i in range(MAX_COMMENT_LENGTH)]
    return "".join(lines)[:MAX_COMMENT_LENGTH]


repeated_units = st.lists(st.sampled_from(PIECES), min_size=1, max_size=6).map(lambda unit: _largest("".join(unit)))
nested_lists = st.builds(
    _nested_list,
    st.lists(st.sampled_from(["- ", "* ", "1. ", "> ", "> - "]), min_size=1, max_size=3),
    st.text(alphabet="[]$*`<a ", max_size=6),
    st.integers(min_value=1, max_value=40),
)


# derandomize: the same shapes on every run, so a run can never fail on one it did not try before.
@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.one_of(repeated_units, nested_lists))
@example(_largest("["))
@example(_largest("!["))
@example(_largest("<"))
@example(_largest("*a"))
@example(_largest("`"))
@example(_largest("$a"))
@example(_largest(">"))
@example(_largest("[a]("))
@example(_largest("\\("))
@example(_largest("word "))  # one long line
@example(_nested_list(["- "], "item", 40))
def test_it_renders_the_largest_comment_of_any_shape_in_linear_time(body: str):
    assert_grows_linearly(render_markdown, body[: len(body) // 2], body, ceiling_s=CEILING_S)
    html = render_markdown(body)
    assert "<img" not in html and "<script" not in html
