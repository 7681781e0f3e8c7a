"""Math on the paper page in Chromium: each formula on its own, prices and LaTeX escapes read as text."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from paperwire.community.comments import add_comment
from tests.papers.factories import make_paper

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# 1,000 nested superscripts overflow KaTeX's call stack ("Maximum call stack
# size exceeded"); 400 nested groups in 2,000 characters are merely absurd.
TOO_LONG = "x^{" * 1000 + "x" + "}" * 1000
TOO_DEEP = "{" * 400 + "y" + "}" * 400


def test_it_typesets_each_formula_on_its_own_and_reads_dollars_as_dollars(
    live_server: Any, page: Any, django_user_model: Any
) -> None:
    author = django_user_model.objects.create_user("ada", "ada@example.org", "a-long-password-1")
    paper = make_paper(
        list_date=date(2025, 1, 2),
        title="Bounds in $O(n)$ time",
        abstract="We reach 73.63\\% on R\\&D (Fig.~3), ``fast'' at $5 and $10 per run, in $x^2$ steps.",
    )
    add_comment(paper, author, f"Way too deep: ${TOO_LONG}$ and ${TOO_DEEP}$")
    add_comment(paper, author, "Cost was $5 and $10 per run, and \\$3 with a backslash.")
    add_comment(paper, author, "Real math still renders: $a^2 + b^2$ and $$\\sum_i x_i$$")

    page.goto(f"{live_server.url}{paper.get_absolute_url()}")
    page.wait_for_selector(".comment-body .katex-display")

    bodies = page.locator(".comment-body")
    too_big = bodies.nth(0).locator(".math")
    assert bodies.nth(0).locator(".katex").count() == 0
    assert too_big.nth(0).inner_text() == TOO_LONG  # its source, to read or copy
    assert too_big.nth(1).inner_text() == TOO_DEEP
    assert too_big.nth(0).get_attribute("title") == "This formula is too large to typeset."

    assert bodies.nth(1).inner_text() == "Cost was $5 and $10 per run, and $3 with a backslash."
    assert bodies.nth(1).locator(".katex").count() == 0

    assert bodies.nth(2).locator(".katex").count() == 2
    assert bodies.nth(2).locator(".katex-display").count() == 1

    abstract = page.locator(".abstract")
    assert abstract.locator(".katex").count() == 1
    assert abstract.inner_text().startswith("We reach 73.63% on R&D (Fig.\u00a03), “fast” at $5 and $10 per run, in ")
    assert page.locator("h1 .katex").count() == 1
    assert page.title().startswith("Bounds in $O(n)$ time")
