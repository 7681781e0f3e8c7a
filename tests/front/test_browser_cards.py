"""A reader in Chromium: what a card shows, the compact switch across reloads, and a card's author page."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.papers.factories import make_paper

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DAY = date(2025, 2, 27)
AUTHORS = ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra", "Barbara Liskov"]


def test_it_shows_judgeable_cards_and_remembers_compact_mode(live_server: Any, page: Any) -> None:
    make_paper(
        list_date=DAY,
        title="Tree search for reasoning",
        authors=AUTHORS,
        abstract="We study tree search (e.g. MCTS) for LLMs. It helps a lot. Nobody reads this third sentence.",
        keywords=["tree search", "reasoning"],
        upvotes=5,
    )
    page.goto(f"{live_server.url}/papers")
    card = page.locator(".paper-card").first
    summary = card.locator(".paper-summary")
    expect(summary).to_have_text("We study tree search (e.g. MCTS) for LLMs. It helps a lot.")
    expect(card.locator(".keyword-chips a")).to_have_text(["tree search", "reasoning"])

    # All authors on demand, without script.
    expect(card.get_by_role("link", name="Barbara Liskov")).to_be_hidden()
    card.locator(".all-authors summary").click()
    expect(card.get_by_role("link", name="Barbara Liskov")).to_be_visible()
    # No card taller than a phone screen.
    assert card.bounding_box()["height"] < 844

    page.get_by_role("button", name="Compact").click()
    expect(summary).to_be_hidden()
    expect(page.get_by_role("button", name="Compact")).to_have_attribute("aria-pressed", "true")
    page.reload()
    expect(page.locator(".paper-card .paper-summary").first).to_be_hidden()
    page.get_by_role("button", name="Detailed").click()
    page.reload()
    expect(page.locator(".paper-card .paper-summary").first).to_be_visible()

    card.locator(".keyword-chips").get_by_role("link", name="tree search").click()
    page.wait_for_url("**/search?q=tree%20search")


def test_it_reaches_an_author_page_from_a_card(live_server: Any, page: Any) -> None:
    make_paper(list_date=DAY, title="First with Hopper", authors=["Grace Hopper", "Ada Lovelace"], upvotes=3)
    make_paper(title="Second with Hopper", authors=["GRACE HOPPER", "Ada Lovelace"], upvotes=4)

    page.goto(f"{live_server.url}/papers")
    page.locator(".paper-card").first.get_by_role("link", name="Grace Hopper").click()
    page.wait_for_url("**/authors/Grace%20Hopper")
    expect(page.locator("h1")).to_have_text("Grace Hopper")
    expect(page.locator(".paper-card .paper-title")).to_have_count(2)
    expect(page.locator("[data-author-upvotes]")).to_have_text("7")
    expect(page.locator(".co-author-list")).to_contain_text("Ada Lovelace (2)")
