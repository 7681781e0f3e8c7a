"""A reader in Chromium: save two papers from a list without a reload, tag them, filter by tag, export BibTeX."""

from __future__ import annotations

from datetime import date
from typing import Any

import bibtexparser
import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from tests.papers.factories import make_paper

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
DAY = date(2025, 4, 1)
# Reports every Content-Security-Policy violation (the pages allow no inline script or style).
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation(event.effectiveDirective + " " + event.blockedURI + " " + event.sourceFile);
});
"""


def test_it_saves_tags_filters_and_exports_without_reloading_the_list(
    live_server: Any, page: Any, django_user_model: Any
) -> None:
    first = make_paper(list_date=DAY, title="First saved paper", upvotes=3)
    second = make_paper(list_date=DAY, title="Second saved paper", upvotes=2)
    make_paper(list_date=DAY, title="Never saved", upvotes=1)
    client = Client()
    client.force_login(django_user_model.objects.create_user("ada", "ada@example.org", "a-long-pw-123"))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    problems: list[str] = []
    page.expose_function("reportViolation", lambda report: problems.append(f"CSP {report}"))
    page.context.add_init_script(REPORT_VIOLATIONS)
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"exception {error}"))

    page.goto(f"{live_server.url}/papers/date/{DAY.isoformat()}")
    page.evaluate("window.__stillHere = true")  # gone if the page reloads
    for paper in (first, second):
        button = page.locator(f"#paper-{paper.pk} .save-button")
        button.click()
        expect(button).to_have_attribute("aria-pressed", "true")
        expect(button).to_have_text("Saved")
    assert page.evaluate("window.__stillHere") is True

    for paper in (first, second):
        page.goto(f"{live_server.url}{paper.get_absolute_url()}")
        page.get_by_label("Tags").fill("to read")
        page.get_by_role("button", name="Set tags").click()
        expect(page.locator("[data-tags-status]")).to_have_text("Tags saved.")

    page.goto(f"{live_server.url}/library")
    expect(page.locator(".shelf-list .paper-card")).to_have_count(2)
    page.locator(".tag-list").get_by_role("link", name="to read").click()
    expect(page.locator("h1")).to_have_text("Your library: to read")
    expect(page.locator(".shelf-list .paper-title")).to_have_text(["Second saved paper", "First saved paper"])

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export “to read” as BibTeX").click()
    text = open(download_info.value.path(), encoding="utf-8").read()
    assert {entry["eprint"] for entry in bibtexparser.parse_string(text).entries} == {first.arxiv_id, second.arxiv_id}

    for path in ("/library/import", "/library/follows"):
        page.goto(f"{live_server.url}{path}")
    page.goto(f"{live_server.url}{first.get_absolute_url()}")
    page.get_by_text("Cite", exact=True).click()
    expect(page.locator("textarea.bibtex")).to_contain_text(f"eprint = {{{first.arxiv_id}}}")
    assert problems == []
