"""On a 390×844 phone: upvote beside the title, the first result on the first screen, a menu button."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from paperwire.search.indexing import index_pending
from tests.papers.factories import make_paper
from tests.search.corpus import add_papers
from tests.support.browser import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LONG_ABSTRACT = " ".join(
    f"Sentence {n} of a very long abstract about attention and its many variants." for n in range(60)
)


def test_it_puts_the_upvote_control_beside_the_title_on_the_first_screen(live_server: Any, page: Any) -> None:
    paper = make_paper(
        list_date=date(2025, 3, 12),
        title="A paper with a very long abstract that goes on and on across many screens of a phone",
        abstract=LONG_ABSTRACT,
        upvotes=7,
    )
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{paper.get_absolute_url()}")
    vote = page.locator(".paper-heading .vote-box").bounding_box()
    title = page.locator(".paper-heading h1").bounding_box()
    assert page.evaluate("document.documentElement.scrollHeight") > 3 * PHONE["height"]  # the abstract is long
    assert 0 <= vote["y"] and vote["y"] + vote["height"] <= PHONE["height"]
    assert vote["x"] + vote["width"] <= title["x"]  # beside the title, on its row
    assert vote["y"] < title["y"] + title["height"] and title["y"] < vote["y"] + vote["height"]
    screenshot(page, "paper-phone")


def test_it_shows_the_first_search_result_above_the_fold(live_server: Any, page: Any) -> None:
    add_papers()
    index_pending()
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/search?q=diffusion")
    first = page.locator(".search-hit").first.bounding_box()
    # The whole first card, not just its title, with the subscribe banner still showing.
    assert first["y"] + first["height"] <= PHONE["height"], f"first result ends at {first['y'] + first['height']}"
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
    screenshot(page, "search-phone")


def test_it_hides_the_nav_behind_a_menu_button_until_opened(live_server: Any, page: Any) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/about")
    menu = page.locator("[data-menu-button]")
    nav = page.get_by_role("navigation", name="Main")
    assert menu.is_visible() and menu.get_attribute("aria-expanded") == "false"
    assert not nav.is_visible()
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 80  # one row: no wrapping nav

    menu.click()
    assert nav.is_visible() and menu.get_attribute("aria-expanded") == "true"
    assert nav.get_by_role("link", name="Trending").is_visible()
    page.keyboard.press("Escape")
    assert not nav.is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-menu-button')")

    page.set_viewport_size({"width": 1200, "height": 900})  # on a wide screen the nav is always there
    assert nav.is_visible() and not menu.is_visible()


def test_it_opens_the_menu_without_javascript(live_server: Any, chromium: Any) -> None:
    context = chromium.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/about")
        assert not page.locator("#site-nav").is_visible()
        page.locator("[data-menu-button]").click()
        assert page.locator("#site-nav").is_visible()
    finally:
        context.close()


def test_it_forgets_the_subscribe_banner_once_dismissed(live_server: Any, page: Any) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/about")
    banner = page.locator("[data-subscribe-banner]")
    assert banner.is_visible()
    page.get_by_role("button", name="Not now").click()
    assert banner.count() == 0
    page.goto(f"{live_server.url}/papers")
    assert page.locator("[data-subscribe-banner]").count() == 0  # remembered, not even sent


def test_no_key_page_is_wider_than_a_phone_when_hot_linked_thumbnails_fail(
    live_server: Any, page: Any, settings: Any
) -> None:
    # An instance that hot-links, on a machine that cannot reach the image host: every image fails.
    settings.REMOTE_IMAGES = True
    settings.REMOTE_IMAGE_HOSTS = ["images.invalid"]
    day = date(2025, 3, 12)
    paper = make_paper(
        list_date=day,
        title="A paper whose thumbnail never arrives",
        thumbnail="https://images.invalid/social-thumbnails/papers/x.png",
        keywords=["an unusually long keyword phrase for a chip", "retrieval", "attention", "scaling laws",
                  "mixture of experts", "reinforcement learning from human feedback"],
    )  # fmt: skip
    page.set_viewport_size(PHONE)
    for path in ("/", f"/papers/date/{day}", paper.get_absolute_url(), "/papers/trending", "/about", "/stats"):
        page.goto(f"{live_server.url}{path}", wait_until="load")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} is {width} px wide on a {PHONE['width']} px phone"
    # Keyword chips wrap in whole rows: none is cut off by the card.
    page.goto(f"{live_server.url}/papers/date/{day}")
    clipped = page.evaluate(
        "[...document.querySelectorAll('.keyword-chips .chip')].filter(chip => {"
        " const list = chip.closest('.keyword-chips').getBoundingClientRect(), box = chip.getBoundingClientRect();"
        " return box.bottom > list.bottom + 0.5 || box.right > list.right + 0.5; }).length"
    )
    assert clipped == 0
