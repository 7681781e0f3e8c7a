"""The whole subscriber journey in Chromium, with mail through a real SMTP server."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import requests
from django.utils import timezone

from paperwire.digests.models import Subscription, SubscriptionStatus
from paperwire.digests.sending import send_due_digests
from tests.digests.conftest import make_paper
from tests.support.browser import screenshot


def link(text: str, part: str) -> str:
    return next(url for url in re.findall(r"https?://\S+", text) if part in url)


@pytest.mark.browser
@pytest.mark.slow
def test_it_subscribes_confirms_edits_receives_and_unsubscribes(
    page, live_server, transactional_db, smtp_server, settings
):
    settings.SITE_URL = live_server.url
    yesterday = timezone.now().date() - timedelta(days=1)
    make_paper("Sparse & <dense> attention", upvotes=40, list_date=yesterday, categories=["cs.LG"])
    make_paper("Category theory for type systems", upvotes=30, list_date=yesterday, categories=["math.CT"])

    # Subscribe from the box on the daily page.
    page.goto(f"{live_server.url}/papers")
    page.fill("#subscribe-email", "reader@example.com")
    page.click(".subscribe-form button[type=submit]")
    page.wait_for_selector("text=Check your inbox")
    [confirmation] = smtp_server.messages

    # Confirm with the emailed link: the page asks, the button confirms.
    page.goto(link(confirmation.text(), "/subscribe/confirm/"))
    page.click("text=Confirm my subscription")
    page.wait_for_selector("text=Digest preferences")
    assert Subscription.objects.get().status == SubscriptionStatus.ACTIVE

    # Receive a digest with both papers.
    assert send_due_digests(force=True) == 1
    digest = smtp_server.messages[-1]
    assert "Sparse & <dense> attention" in digest.text() and "Category theory" in digest.text()

    # Render the HTML email in Chromium, light and dark, and keep screenshots.
    page.set_content(digest.html())
    assert page.locator("a", has_text="Sparse & <dense> attention").count() == 1
    screenshot(page, "digest-email")
    page.emulate_media(color_scheme="dark")
    screenshot(page, "digest-email-dark")
    page.emulate_media(color_scheme="light")
    page.set_viewport_size({"width": 390, "height": 800})
    screenshot(page, "digest-email-phone")
    page.set_viewport_size({"width": 1200, "height": 900})

    # Change preferences from the email's link (no log-in, fresh browser state).
    page.context.clear_cookies()
    page.goto(link(digest.text(), "/subscribe/preferences/"))
    page.fill("input[name=categories]", "math")
    page.fill("input[name=paper_count]", "5")
    page.click("text=Save preferences")
    page.wait_for_selector("text=Preferences saved")
    subscription = Subscription.objects.get()
    assert subscription.categories == ["math"] and subscription.paper_count == 5

    # One-click unsubscribe (RFC 8058): a bare POST, no cookies, no CSRF token.
    unsubscribe = digest.message["List-Unsubscribe"].strip().strip("<>")
    response = requests.post(unsubscribe, data="List-Unsubscribe=One-Click", timeout=10)
    assert response.status_code == 200
    assert Subscription.objects.get().status == SubscriptionStatus.UNSUBSCRIBED
    assert send_due_digests(timezone.now() + timedelta(days=1), force=True) == 0
