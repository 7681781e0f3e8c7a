"""Titles and abstracts written in LaTeX read as text, with their math marked for KaTeX."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from paperwire.lib.latex_text import latex_html, latex_plain
from tests.support.cost import assert_grows_linearly

ABSTRACT = (
    "We reach 73.63\\% accuracy on R\\&D data (snake\\_case names, see Fig.~3) with ``simple'' "
    "\\emph{sparse} models, $\\mathcal{O}(n \\log n)$ time, and $$\\sum_i x_i \\le 1$$ -- at $5 and $10 per run."
)


def _render(source: str, text: str) -> str:
    return Template("{% load latex_text %}" + source).render(Context({"text": text}))


def test_it_shows_latex_escapes_in_abstracts_as_the_characters_they_stand_for():
    html = _render("{{ text|latex_html }}", ABSTRACT)
    assert html.startswith(
        "We reach 73.63% accuracy on R&amp;D data (snake_case names, see Fig.\u00a03) with “simple” sparse models, "
    )
    assert html.endswith(" – at $5 and $10 per run.")


def test_it_marks_math_in_abstracts_as_comments_do_and_never_touches_it():
    html = _render("{{ text|latex_html }}", ABSTRACT)
    assert '<span class="math inline">\\mathcal{O}(n \\log n)</span>' in html
    assert '<span class="math display">\\sum_i x_i \\le 1</span>' in html
    assert html.count('class="math') == 2  # "$5 and $10" is prose


def test_it_keeps_formulas_as_written_where_nothing_typesets_them():
    text = _render("{{ text|latex_plain }}", ABSTRACT)
    assert "73.63% accuracy on R&amp;D" in text  # autoescaped like any text
    assert "$\\mathcal{O}(n \\log n)$ time, and $$\\sum_i x_i \\le 1$$" in text
    assert "at $5 and $10 per run." in text


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("50% of cases & more", "50% of cases &amp; more"),  # bare % and & are text, not LaTeX
        ("It costs \\$5, not $x$", 'It costs $5, not <span class="math inline">x</span>'),
        ("The $\\$$ sign in math", 'The <span class="math inline">\\$</span> sign in math'),
        ("\\(a\\) and \\[b\\]", '<span class="math inline">a</span> and <span class="math display">b</span>'),
        (
            "see \\href{https://example.org}{our code} and \\LaTeX{}",
            "see our code &lt;https://example.org&gt; and LaTeX",
        ),
        ("unclosed { brace and $x", "unclosed  brace and $x"),
        ("first line\nsecond line", "first line<br>\nsecond line"),
    ],
)
def test_it_reads_the_latex_people_write_in_abstracts(written: str, shown: str):
    assert latex_html(written) == shown


def test_it_escapes_markup_inside_and_outside_math():
    html = latex_html("We show <img src=x onerror=alert(1)> that $a < b$ & $c > d$ hold.")
    assert html == (
        'We show &lt;img src=x onerror=alert(1)&gt; that <span class="math inline">a &lt; b</span> &amp; '
        '<span class="math inline">c &gt; d</span> hold.'
    )


def test_it_shows_unreadable_latex_as_written_in_linear_time():
    deep = "{" * 5000 + "x" + "}" * 5000  # pylatexenc recurses once per brace
    assert latex_plain(deep) == deep
    assert_grows_linearly(latex_plain, "{" * 2500 + "x" + "}" * 2500, deep, ceiling_s=1.0)


# 2408.13233, as arXiv has it: a formula without "$".
BARE = "gradients in almost linear time n^{1+o(1)}, where n is (the length x_{i}) of snake_case_input."


def test_it_keeps_the_braces_of_formulas_written_without_dollars_and_typesets_them():
    html = latex_html(BARE)
    assert '<span class="math inline">n^{1+o(1)}</span>, where' in html
    assert '(the length <span class="math inline">x_{i}</span>) of snake_case_input.' in html
    assert latex_plain(BARE) == BARE  # nothing typesets plain text: shown exactly as written
    assert latex_html("a ^{ broken") == "a ^ broken"  # no whole formula there: text as before


def test_it_links_web_addresses_in_abstracts_escaped_and_nofollow():
    html = latex_html('Code: https://github.com/org/repo_x?a=1&b="2". Data (https://x.org/a_(b)).')
    assert (
        'Code: <a href="https://github.com/org/repo_x?a=1&amp;b=" rel="nofollow noopener noreferrer">'
        "https://github.com/org/repo_x?a=1&amp;b=</a>&quot;2&quot;. Data "
    ) in html
    assert '(<a href="https://x.org/a_(b)" rel="nofollow noopener noreferrer">https://x.org/a_(b)</a>).' in html
    assert latex_html("javascript:alert(1) and ftp://x.org") == "javascript:alert(1) and ftp://x.org"


def test_it_finds_bare_formulas_and_addresses_in_time_linear_in_the_text():
    unit = "x^{" * 2000 + "https://" * 2000 + " y_{1} https://x.org "
    assert_grows_linearly(latex_html.__wrapped__, unit, unit * 2, ceiling_s=2.0)
