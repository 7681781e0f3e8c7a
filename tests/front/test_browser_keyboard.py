"""A reader triages with the keyboard alone: / search, j/k through results, o to open, ? for help."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from paperwire.search.indexing import index_pending
from tests.papers.factories import make_paper
from tests.search.corpus import add_papers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_searches_moves_and_opens_the_second_result_by_keyboard(live_server: Any, page: Any) -> None:
    add_papers()
    index_pending()
    page.goto(f"{live_server.url}/papers")

    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "header-q"
    page.keyboard.type("diffusion")
    assert page.locator("#header-q").input_value() == "diffusion"  # "/" itself was not typed
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=diffusion")
    hits = page.locator(".search-hit")
    assert hits.count() == 3
    second = hits.nth(1).locator(".paper-title a").get_attribute("href")

    page.keyboard.press("j")
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.classList.contains('is-current')")
    assert page.evaluate("document.activeElement.querySelector('.paper-title a').getAttribute('href')") == second
    page.keyboard.press("o")
    page.wait_for_url(f"**{second}")


def test_it_keeps_keys_as_text_while_typing_in_a_field(live_server: Any, page: Any) -> None:
    add_papers()
    index_pending()
    page.goto(f"{live_server.url}/search?q=diffusion")
    page.locator("#search-author").click()
    page.keyboard.type("jko/?")
    assert page.locator("#search-author").input_value() == "jko/?"
    assert page.locator(".paper-card.is-current").count() == 0
    assert not page.locator("#keyboard-help").is_visible()


def test_it_shows_the_keys_in_a_dialog_and_closes_it_with_escape(live_server: Any, page: Any) -> None:
    page.goto(f"{live_server.url}/about")
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    assert dialog.is_visible()
    assert "Next / previous paper in a list" in dialog.inner_text()
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    # /about lists the same keys.
    assert "Open the selected paper" in page.locator("main").inner_text()


def test_it_offers_a_skip_link_as_the_first_tab_stop(live_server: Any, page: Any) -> None:
    page.goto(f"{live_server.url}/about")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    assert skip.bounding_box()["y"] >= 0  # visible once focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # A visible focus ring on the next stop, from the site's :focus-visible rule.
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_it_upvotes_the_selected_paper_with_u_when_signed_in(
    live_server: Any, page: Any, django_user_model: Any
) -> None:
    from tests.community.test_browser_votes import signed_in

    make_paper(list_date=date(2025, 3, 12), title="First of the day", upvotes=9)
    make_paper(arxiv_id="2503.22222", list_date=date(2025, 3, 12), title="Second of the day", upvotes=3)
    signed_in(page, live_server, django_user_model.objects.create_user("ada", "ada@example.org", "a-long-pw-123"))
    page.goto(f"{live_server.url}/papers/date/2025-03-12")
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("u")
    current = page.locator(".paper-card.is-current")
    current.locator('.vote-box button[aria-pressed="true"]').wait_for()
    assert "Second of the day" in current.inner_text()
    assert current.locator("[data-vote-count]").inner_text() == "4"


def test_it_goes_on_from_the_opened_paper_after_o_and_back(live_server: Any, page: Any) -> None:
    for upvotes in (30, 20, 10, 5):
        make_paper(list_date=date(2025, 2, 27), title=f"Paper with {upvotes} upvotes", upvotes=upvotes)
    page.goto(f"{live_server.url}/papers/date/2025-02-27")

    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("o")
    page.wait_for_url("**/papers/2501.*")
    page.go_back()
    page.wait_for_url("**/papers/date/2025-02-27")
    page.keyboard.press("j")

    current = page.locator(".paper-card.is-current")
    assert current.count() == 1
    assert "Paper with 10 upvotes" in current.inner_text()  # the third card, not the first again
