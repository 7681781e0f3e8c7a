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
