"""Dark mode follows the system; the header toggle overrides it, is remembered, and never flashes."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BACKGROUND = "getComputedStyle(document.body).backgroundColor"
DARK_BG = "rgb(11, 17, 32)"
LIGHT_BG = "rgb(248, 250, 252)"


def test_it_follows_the_system_and_remembers_the_toggle(live_server: Any, chromium: Any) -> None:
    context = chromium.new_context(viewport={"width": 1200, "height": 900}, color_scheme="dark")
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/about")
        assert page.evaluate(BACKGROUND) == DARK_BG
        toggle = page.locator("[data-theme-toggle]")
        assert toggle.inner_text() == "Light theme"  # what a click switches to, never "Dark theme" on a dark page

        toggle.click()
        assert page.evaluate(BACKGROUND) == LIGHT_BG
        assert toggle.inner_text() == "Dark theme"

        # The choice is applied by a blocking script in <head>, before the body is even parsed.
        page.add_init_script(
            "document.addEventListener('readystatechange', () => {"
            " if (!window.__firstTheme) window.__firstTheme = document.documentElement.dataset.theme; });"
        )
        page.goto(f"{live_server.url}/papers")
        assert page.evaluate("window.__firstTheme") == "light"
        assert page.evaluate(BACKGROUND) == LIGHT_BG
    finally:
        context.close()


def test_it_loads_the_theme_script_before_the_stylesheet_without_defer(live_server: Any, page: Any) -> None:
    page.goto(f"{live_server.url}/about")
    head = page.evaluate(
        "[...document.head.children].map(e => e.tagName + ' ' + (e.getAttribute('src') || e.getAttribute('href') || '')"
        " + (e.defer || e.async ? ' deferred' : ''))"
    )
    theme = next(i for i, line in enumerate(head) if line.endswith("paperwire/theme.js"))
    stylesheet = next(i for i, line in enumerate(head) if "site.css" in line)
    assert theme < stylesheet
