"""A reader in a real browser: daily page → previous day → a paper."""

from datetime import date

import pytest

from tests.papers.factories import make_paper
from tests.support.browser import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_lets_a_reader_walk_the_daily_lists_and_open_a_paper(live_server, page) -> None:
    make_paper(list_date=date(2025, 2, 27), title="Today's headline paper", upvotes=50)
    make_paper(
        arxiv_id="2502.11111",
        list_date=date(2025, 2, 26),
        title="Yesterday's paper with $O(n \\log n)$ math",
        abstract="We prove that $a < b$ and $c \\& d$ hold, with <b>no</b> markup injected.",
        authors=["Grace Hopper", "Edsger Dijkstra"],
        github_repo="https://github.com/example/yesterday",
        upvotes=12,
        submitter_name="akhaliq",
    )

    page.goto(f"{live_server.url}/papers")
    assert page.locator("h1").inner_text() == "Thursday, 27 February 2025"
    assert page.locator(".paper-card").count() == 1

    page.get_by_role("link", name="← Previous day").click()
    page.wait_for_url("**/papers/date/2025-02-26")
    card = page.locator(".paper-card").first
    assert "Yesterday's paper" in card.inner_text()
    assert "akhaliq" in card.inner_text()

    card.locator(".paper-title a").click()
    page.wait_for_url("**/papers/2502.11111")
    page.wait_for_selector(".abstract .katex")  # KaTeX typeset the math
    abstract = page.locator(".abstract")
    assert "<b>no</b> markup injected" in abstract.inner_text()  # shown as text
    assert abstract.locator("b").count() == 0  # the <b> stayed text
    assert "Grace Hopper" in page.locator(".authors").inner_text()
    assert page.get_by_role("link", name="PDF").get_attribute("href") == "https://arxiv.org/pdf/2502.11111"
    assert page.locator("h2", has_text="Similar papers").count() == 1
    screenshot(page, "paper-page")

    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(f"{live_server.url}/papers/date/2025-02-26")
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
    assert not overflow, "the daily list must fit a phone screen without sideways scrolling"
    screenshot(page, "daily-phone")


def test_it_typesets_formulas_written_without_dollars_and_links_addresses(live_server, page) -> None:
    make_paper(
        arxiv_id="2408.13233",
        list_date=date(2024, 8, 26),
        title="Gradients in n^{1+o(1)} time",
        abstract="We compute gradients in almost linear time n^{1+o(1)}, where n is the length. "
        "Code: https://github.com/example/fast-grad.",
    )

    page.goto(f"{live_server.url}/papers/2408.13233")
    page.wait_for_selector(".abstract .katex")

    # KaTeX keeps each formula's TeX in a MathML annotation: braces and all, in the title and the abstract.
    annotations = page.eval_on_selector_all(".abstract annotation, h1 annotation", "els => els.map(e => e.textContent)")
    assert annotations == ["n^{1+o(1)}", "n^{1+o(1)}"]
    assert "n^1+o(1)" not in page.locator(".abstract").inner_text()
    link = page.locator(".abstract a", has_text="github.com/example/fast-grad")
    assert link.get_attribute("href") == "https://github.com/example/fast-grad"
    assert "nofollow" in (link.get_attribute("rel") or "")
