"""A newcomer's whole journey in a real browser, with real email and a local arXiv."""

from __future__ import annotations

import re
import time

import pytest

from paperwire.community.models import Comment, Upvote
from paperwire.papers.models import Paper
from tests.support.browser import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-42"
TITLE = "Heat-bath random walks with Markov bases"


def _wait_for_mail(smtp_server, address: str, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = smtp_server.sink.to(address)
        if found:
            return found[-1]
        time.sleep(0.1)
    raise AssertionError(f"no mail to {address} within {timeout}s")


def test_it_signs_up_submits_upvotes_comments_and_sees_the_paper_listed(
    live_server, page, smtp_server, arxiv_server, settings
) -> None:
    settings.SUBMIT_MAX_AGE_DAYS = 100_000  # the recorded paper is from 2016
    # Sign-up mail goes out from the worker; here its work runs inline, as soon as it is queued.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}}
    dialogs: list[str] = []
    missing: list[str] = []

    def on_dialog(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    def on_response(response) -> None:
        if response.status == 404:
            missing.append(response.url)

    page.on("dialog", on_dialog)
    page.on("response", on_response)

    # Sign up; the verification link comes in a real email.
    page.goto(f"{live_server.url}/accounts/signup/")
    page.fill("input[name=email]", "ada@example.org")
    page.fill("input[name=username]", "ada")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url("**/accounts/confirm-email/")
    mail = _wait_for_mail(smtp_server, "ada@example.org")
    match = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.text())
    assert match is not None, mail.text()
    link = match.group(0)
    assert link.startswith(live_server.url)

    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("link", name="ada").count() == 1  # signed in: the profile link

    # Submit a paper by its Hugging Face link.
    page.get_by_role("link", name="Submit").click()
    page.fill("input[name=arxiv]", "https://huggingface.co/papers/1605.08386")
    page.get_by_role("button", name="Submit").click()
    page.wait_for_url("**/papers/1605.08386")
    assert TITLE in page.locator("h1").inner_text()

    # Upvote without a page load: a marker on window survives only if no navigation happens.
    page.evaluate("window.__stillHere = true")
    vote = page.locator(".vote-box button")
    assert vote.get_attribute("aria-pressed") == "false"
    vote.click()
    page.wait_for_selector('.vote-box button[aria-pressed="true"]')
    assert page.locator(".vote-box [data-vote-count]").inner_text() == "1"
    assert page.evaluate("window.__stillHere") is True

    # Comment with math; KaTeX typesets it and the <script> stays text.
    page.fill("#comment-body-new", "Neat bound: $a < b$ <script>alert('x')</script>")
    page.get_by_role("button", name="Comment", exact=True).click()
    page.wait_for_selector(".comment-body .katex")
    assert "<script>alert('x')</script>" in page.locator(".comment-body").inner_text()
    screenshot(page, "community-paper-commented")

    paper = Paper.objects.get(arxiv_id="1605.08386")
    assert (paper.upvote_count, paper.comment_count) == (1, 1)
    assert Upvote.objects.filter(user__username="ada").count() == 1
    assert Comment.objects.filter(author__username="ada").count() == 1

    # It is on today's list and on the trending page, with the vote and comment counted.
    page.goto(f"{live_server.url}/papers")
    card = page.locator(".paper-card", has_text=TITLE)
    assert card.count() == 1
    assert card.locator("[data-vote-count]").inner_text() == "1"
    assert card.locator('.vote-box button[aria-pressed="true"]').count() == 1
    assert "Submitted by ada" in card.inner_text()

    page.goto(f"{live_server.url}/papers/trending")
    trending_card = page.locator(".paper-card", has_text=TITLE)
    assert trending_card.count() == 1
    assert trending_card.locator("[data-vote-count]").inner_text() == "1"
    screenshot(page, "community-trending")
    assert dialogs == []
    assert missing == []  # every script and stylesheet the pages ask for exists
