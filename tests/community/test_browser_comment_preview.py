"""Writing a comment in the browser: the preview is exactly what gets posted; deleting asks first."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from paperwire.community.models import Comment
from tests.community.test_browser_votes import signed_in
from tests.papers.factories import make_paper

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = "We **prove** that $a < b$ holds.\n\n- one `x`\n- two <img src=x onerror=alert(1)>\n\n> quoted"


def test_it_previews_the_comment_exactly_as_it_is_posted(live_server: Any, page: Any, django_user_model: Any) -> None:
    paper = make_paper(list_date=date(2025, 1, 2), title="A paper to discuss")
    signed_in(page, live_server, django_user_model.objects.create_user("ada", "ada@example.org", "a-long-pw-123"))
    page.goto(f"{live_server.url}{paper.get_absolute_url()}")
    page.locator("#comment-body-new").fill(BODY)
    page.evaluate("window.__stillHere = true")
    page.get_by_role("button", name="Preview").click()
    preview = page.locator(".comment-preview .comment-body")
    preview.locator("strong").wait_for()
    preview.locator(".katex").first.wait_for()  # the math is typeset in the preview too
    assert page.evaluate("window.__stillHere") is True  # previewed without leaving the page
    assert Comment.objects.count() == 0
    previewed = preview.inner_html()

    page.get_by_role("button", name="Comment", exact=True).click()
    page.wait_for_url("**#comment-*")
    posted = page.locator(f"#comment-{Comment.objects.get().pk} > .comment-body")
    posted.locator(".katex").first.wait_for()
    assert posted.inner_html() == previewed
    assert page.locator(".comment-body img").count() == 0  # the raw HTML stayed text, in both


def test_it_asks_before_deleting_a_comment(live_server: Any, page: Any, django_user_model: Any) -> None:
    from paperwire.community.comments import add_comment

    paper = make_paper(list_date=date(2025, 1, 2))
    ada = django_user_model.objects.create_user("ada", "ada@example.org", "a-long-pw-123")
    add_comment(paper, ada, "Second thoughts")
    signed_in(page, live_server, ada)
    page.goto(f"{live_server.url}{paper.get_absolute_url()}")

    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Delete").click()
    assert Comment.objects.count() == 1  # "Cancel" kept it

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete").click()
    page.wait_for_url("**#comments")
    assert Comment.objects.count() == 0
