"""Upvoting on the paper page in a real browser: every number about the votes moves at once."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.papers.factories import make_paper

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(page: Any, live_server: Any, user: Any) -> None:
    """Give the browser the session cookie of ``user``, as if they had logged in."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_it_updates_the_upvote_breakdown_with_the_box_and_without_a_reload(
    live_server: Any, page: Any, django_user_model: Any
) -> None:
    paper = make_paper(upvotes=57, list_date=date(2025, 1, 2), title="Fifty-seven votes from elsewhere")
    signed_in(page, live_server, django_user_model.objects.create_user("ada", "ada@example.org", "a-long-pw-123"))
    page.goto(f"{live_server.url}{paper.get_absolute_url()}")
    sources = page.locator(".side .upvote-sources")
    assert sources.inner_text() == "57 upvotes: 57 imported from Hugging Face, 0 here"

    page.evaluate("window.__stillHere = true")  # gone if the page reloads
    page.locator(".paper-heading .vote-box button").click()
    page.wait_for_selector('.paper-heading .vote-box button[aria-pressed="true"]')

    assert page.locator(".paper-heading .vote-box [data-vote-count]").inner_text() == "58"
    assert sources.inner_text() == "58 upvotes: 57 imported from Hugging Face, 1 here"

    page.locator(".paper-heading .vote-box button").click()
    page.wait_for_selector('.paper-heading .vote-box button[aria-pressed="false"]')

    assert sources.inner_text() == "57 upvotes: 57 imported from Hugging Face, 0 here"
    assert page.evaluate("window.__stillHere") is True
