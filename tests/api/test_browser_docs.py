"""The interactive API docs work in a real browser with no network but this server."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.papers.factories import make_paper
from tests.support.browser import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_renders_the_docs_from_local_assets_and_tries_a_call(live_server: Any, page: Any) -> None:
    make_paper(list_date=date(2025, 6, 10), title="A paper found through the docs page")
    outside: list[str] = []

    # Anything not served by this server would be a CDN: refuse it and remember it.
    def only_this_server(route: Any) -> None:
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_this_server)

    page.goto(f"{live_server.url}/api/docs")
    page.wait_for_selector(".opblock-summary-path")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/daily_papers" in paths and "/api/v1/search" in paths

    page.locator("#operations-Hugging_Face_compatible-hf_routes_list_daily_papers, .opblock-get").first.click()
    page.get_by_role("button", name="Try it out").first.click()
    page.get_by_role("button", name="Execute").first.click()
    # The live answer, not the documented example responses.
    live = page.locator(".live-responses-table").first
    live.wait_for()
    live.get_by_text("A paper found through the docs page").first.wait_for()
    assert live.locator("tr.response .response-col_status").first.inner_text().strip() == "200"
    screenshot(page, "api-docs")
    assert outside == []
