"""A visitor searches from the header, narrows by category, opens a result and sees similar papers."""

from __future__ import annotations

import pytest

from paperwire.search.indexing import index_pending
from tests.search.corpus import add_papers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_searches_from_the_header_filters_and_opens_a_result(live_server, page) -> None:
    papers = add_papers()
    index_pending()

    page.goto(f"{live_server.url}/papers")
    page.locator("#header-q").fill("diffusion")
    page.locator("#header-q").press("Enter")
    page.wait_for_url("**/search?q=diffusion")
    assert page.locator(".search-hit").count() == 3
    assert page.locator(".search-hit mark").first.inner_text().lower() == "diffusion"

    page.locator("#search-cat").fill("stat.ML")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**cat=stat.ML**")
    hits = page.locator(".search-hit")
    assert hits.count() == 1
    assert "A study of denoising schedules" in hits.first.inner_text()

    hits.first.locator(".paper-title a").click()
    page.wait_for_url(f"**/papers/{papers['abstract_only'].arxiv_id}")
    similar = page.locator("section", has=page.locator("h2", has_text="Similar papers"))
    assert similar.count() == 1
    assert similar.locator("a", has_text="diffusion").count() >= 1
