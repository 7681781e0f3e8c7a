"""Every kind of page under the strict Content-Security-Policy, in Chromium: nothing blocked, scripts still work."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from paperwire.community.comments import add_comment
from tests.papers.factories import make_paper

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-42"

# Runs in every document and frame before the page's own scripts (Playwright's
# init scripts are not subject to the page's policy) and reports each violation.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.paperwireReportViolation(JSON.stringify({
    page: document.location.pathname,
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: event.sourceFile + ":" + event.lineNumber,
    sample: event.sample,
  }));
});
"""

ANONYMOUS_PAGES = [
    "/",
    "/papers/date/2025-03-12",
    "/papers/week/2025-W11",
    "/papers/month/2025-03",
    "/papers/trending",
    "/search?q=attention",
    "/related",
    "/stats",
    "/about",
    "/accounts/signup/",
    "/accounts/login/",
]


@pytest.fixture
def watched(page: Any) -> tuple[Any, list[str]]:
    """The page, and every CSP violation, console error and uncaught exception it produces."""
    problems: list[str] = []
    page.expose_function("paperwireReportViolation", lambda report: problems.append(f"CSP {report}"))
    page.context.add_init_script(REPORT_VIOLATIONS)
    page.on("console", lambda message: problems.append(f"console {message.text}") if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"exception {error}"))
    return page, problems


def visit(page: Any, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    assert "script-src 'self'" in (response.header_value("content-security-policy") or ""), url
    page.wait_for_load_state("load")


def test_it_blocks_nothing_on_any_page_and_scripts_still_work(
    live_server: Any, watched: tuple[Any, list[str]], django_user_model: Any
) -> None:
    page, problems = watched
    reader = django_user_model.objects.create_user("reader", "reader@example.org", PASSWORD)
    EmailAddress.objects.create(user=reader, email=reader.email, verified=True, primary=True)
    paper = make_paper(
        list_date=date(2025, 3, 12),
        title="Attention bounds with $O(n \\log n)$ cost",
        abstract="We prove $a < b$ and $$\\sum_{i=1}^n x_i \\le 1$$ for attention.",
        github_repo="https://github.com/example/attention",
        upvotes=3,
    )
    add_comment(paper, reader, "Nice: $e^{i\\pi} + 1 = 0$ holds.")

    for path in ANONYMOUS_PAGES:
        visit(page, f"{live_server.url}{path}")

    # The paper page: KaTeX typesets the abstract and the comment with its fonts.
    visit(page, f"{live_server.url}{paper.get_absolute_url()}")
    page.wait_for_selector(".abstract .katex")
    page.wait_for_selector(".comment-body .katex")
    assert page.evaluate("document.fonts.check('16px KaTeX_Main')")

    # The API docs: Swagger UI draws the operations and runs a call from its own scripts.
    visit(page, f"{live_server.url}/api/docs")
    page.wait_for_selector(".opblock-summary-path")
    page.locator(".opblock-get").first.click()
    page.get_by_role("button", name="Try it out").first.click()
    page.get_by_role("button", name="Execute").first.click()
    status = page.locator(".live-responses-table tr.response .response-col_status").first
    status.wait_for()
    assert status.inner_text().strip() == "200"

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", reader.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")

    for path in ("/submit", "/u/reader", "/subscribe/preferences"):
        visit(page, f"{live_server.url}{path}")
    page.locator("main form[action='/subscribe'] button[type=submit]").click()
    page.wait_for_url("**/subscribe/preferences")
    page.wait_for_selector("text=Digest preferences")

    # The vote button updates the count in place (votes.js), no reload.
    visit(page, f"{live_server.url}{paper.get_absolute_url()}")
    page.wait_for_selector(".abstract .katex")
    box = page.locator(".vote-box").first
    box.locator("button").click()
    # (expect, not wait_for_function: the policy rightly refuses the eval a string predicate needs.)
    expect(box.locator("[data-vote-count]")).to_have_text("4")
    assert box.locator("button").get_attribute("aria-pressed") == "true"

    assert problems == [], json.dumps(problems, indent=2)
