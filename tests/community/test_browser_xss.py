"""Hostile titles, abstracts and comments in a real browser: nothing runs, math renders."""

from __future__ import annotations

from datetime import date

import pytest

from paperwire.community.comments import add_comment
from paperwire.papers.models import DailyEntry
from tests.papers.factories import make_paper

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOADS = "<script>alert('s')</script><img src=x onerror=alert('i')><svg onload=alert('v')>"


def test_it_runs_no_payload_and_still_typesets_the_math(live_server, page, django_user_model) -> None:
    author = django_user_model.objects.create_user("mallory", "m@example.org", "a-long-password-1")
    paper = make_paper(
        title=f"Hostile {PAYLOADS} title with $a < b$",
        abstract=f"We show {PAYLOADS} that $x_1 < y$ & $y > z$ hold.",
    )
    DailyEntry.objects.create(paper=paper, list_date=date(2025, 1, 2), submitter=author, source="local")
    add_comment(paper, author, f"{PAYLOADS}\n\n[click](javascript:alert('l')) and $p \\& q < r$")

    dialogs: list[str] = []

    def on_dialog(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)

    for path in ("/papers/date/2025-01-02", paper.get_absolute_url(), "/u/mallory"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("load")
        assert page.locator("[onerror], [onload], img[src='x']").count() == 0, path
        assert not page.evaluate("Array.from(document.scripts).some(s => s.text.includes('alert'))"), path
        assert "<script>alert('s')</script>" in page.locator("main").inner_text(), path

    # On the paper page KaTeX typesets the abstract and the comment.
    page.goto(f"{live_server.url}{paper.get_absolute_url()}")
    page.wait_for_selector(".comment-body .katex")
    page.wait_for_selector(".abstract .katex")
    # A javascript: link is no link at all: its Markdown stays text.
    assert page.locator(".comment-body a").count() == 0
    assert "[click](javascript:alert('l'))" in page.locator(".comment-body").inner_text()
    page.locator(".comment-body").click()
    page.wait_for_timeout(200)
    assert dialogs == []
