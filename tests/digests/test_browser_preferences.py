"""Digest preferences in Chromium: the weekday only for weekly, a category picked by name, the preview."""

from __future__ import annotations

from typing import Any

import pytest

from paperwire.digests import links
from paperwire.digests.models import Frequency, Subscription
from tests.digests.conftest import make_subscriber

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_shows_the_weekday_only_for_weekly_and_adds_a_picked_category(live_server: Any, page: Any) -> None:
    subscription = make_subscriber("reader@example.com", categories=["cs.CL"])
    path = links.preferences_url(subscription).removeprefix("https://papers.example.org")
    page.goto(f"{live_server.url}{path}")

    weekday = page.get_by_label("Day of the weekly digest")
    weekends = page.get_by_label("No daily digest on Saturday and Sunday")
    assert page.get_by_label("Daily", exact=True).is_checked()
    assert not weekday.is_visible() and weekends.is_visible()
    page.get_by_text("Weekly", exact=True).click()  # clicking the word checks the radio: the label is its own
    assert weekday.is_visible() and not weekends.is_visible()

    weekday.select_option("Friday")
    page.get_by_label("Add a category").fill("cs.LG")
    page.get_by_role("button", name="Save preferences").click()
    page.get_by_text("Preferences saved.").wait_for()
    subscription = Subscription.objects.get()
    assert subscription.frequency == Frequency.WEEKLY and subscription.weekday == 4
    assert subscription.categories == ["cs.CL", "cs.LG"]

    page.get_by_role("link", name="Preview my next digest").click()
    assert page.locator("#digest-preview").is_visible()
    assert "Nothing would be sent." in page.locator("#digest-preview").inner_text()
