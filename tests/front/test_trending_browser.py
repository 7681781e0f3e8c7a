"""A reader in Chromium: trending tabs, and the advertised feed lists what the page lists."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import feedparser
import pytest
from django.utils import timezone

from paperwire.lib.plain_text import plain_text
from tests.papers.factories import make_paper

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_switches_windows_and_advertises_a_matching_feed(live_server: Any, page: Any) -> None:
    today = timezone.now().date()
    make_paper(list_date=today, title="Quiet & fresh <paper>", upvotes=1)
    make_paper(list_date=today, title="Loud fresh paper", upvotes=40)
    old = make_paper(list_date=today - timedelta(days=12), title="Two weeks old", upvotes=3000)
    old.daily_entry.submitted_at = datetime.combine(old.daily_entry.list_date, time(9), tzinfo=UTC)
    old.daily_entry.save()

    page.goto(f"{live_server.url}/papers/trending")
    week_titles = page.locator(".paper-card .paper-title").all_inner_texts()
    assert week_titles == ["Loud fresh paper", "Quiet & fresh <paper>"]

    page.get_by_role("link", name="This month").click()
    page.wait_for_url("**/papers/trending?window=month")
    assert "Two weeks old" in page.locator(".paper-list").inner_text()
    assert page.locator('a[aria-current="true"]').inner_text() == "This month"

    feed_href = page.locator('link[rel="alternate"][type="application/rss+xml"]').get_attribute("href")
    response = page.request.get(f"{live_server.url}{feed_href}")
    feed = feedparser.parse(response.body())
    assert not feed.bozo
    # Feed titles are plain text after XML decoding: a tag-like "<paper>" is dropped there, not on the page.
    page_titles = page.locator(".paper-card .paper-title").all_inner_texts()
    assert [entry.title for entry in feed.entries] == [plain_text(title) for title in page_titles]
