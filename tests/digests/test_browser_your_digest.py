"""Issue 15 end to end in Chromium: a library, For you, a follow, and a digest with For-you papers and 👍."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from typing import Any

import bibtexparser
import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from paperwire.digests.models import Subscription
from paperwire.digests.sending import send_due_digests
from paperwire.library.models import Follow, NotInterested, SavedPaper
from paperwire.papers.authors import sync_author_index
from tests.papers.factories import make_paper

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_it_builds_a_library_follows_an_author_and_thumbs_up_a_for_you_paper_from_the_digest(
    live_server: Any, page: Any, django_user_model: Any, smtp_server: Any, settings: Any
) -> None:
    settings.SITE_URL = live_server.url
    settings.EMBEDDER = "paperwire.search.embedder.HashingEmbedder"
    today = timezone.now().date()
    yesterday = today - timedelta(days=1)
    at_noon = datetime.combine(yesterday, time(12), tzinfo=UTC)
    old_day = today - timedelta(days=200)
    graphs = "Graph neural networks pass messages along the edges of molecular graphs."
    first = make_paper(
        list_date=old_day, title="Message passing on molecules", abstract=graphs, authors=["Grace Hopper"]
    )
    second = make_paper(list_date=old_day, title="Graph attention for chemistry", abstract=graphs, authors=["Ann Lee"])
    liked = make_paper(
        list_date=yesterday,
        published=at_noon,
        title="Equivariant graph networks for molecules",
        abstract=graphs,
        authors=["Grace Hopper", "Bo Chen"],
    )
    dismissed = make_paper(
        list_date=yesterday,
        published=at_noon,
        title="Molecular graphs without message passing",
        abstract=graphs,
        authors=["Zed Null"],
    )
    make_paper(list_date=yesterday, published=at_noon, title="A survey of tax law", abstract="Taxes.", upvotes=50)
    sync_author_index()
    user = django_user_model.objects.create_user("ada", "ada@example.org", "a-long-pw-123")
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])

    # Save two papers from their day's list, and tag them.
    page.goto(f"{live_server.url}/papers/date/{old_day.isoformat()}")
    for paper in (first, second):
        button = page.locator(f"#paper-{paper.pk} .save-button")
        button.click()
        expect(button).to_have_text("Saved")
    for paper in (first, second):
        page.goto(f"{live_server.url}{paper.get_absolute_url()}")
        page.get_by_label("Tags").fill("graphs")
        page.get_by_role("button", name="Set tags").click()
        expect(page.locator("[data-tags-status]")).to_have_text("Tags saved.")

    # For you ranks yesterday's papers from the library; dismiss one.
    page.goto(f"{live_server.url}/for-you")
    cards = page.locator(".paper-list .paper-card")
    expect(cards.nth(0)).to_contain_text("graph")  # both graph papers before the unrelated survey
    expect(cards.nth(1)).to_contain_text("graph")
    expect(page.locator(".paper-card", has_text="Equivariant graph networks for molecules")).to_have_count(1)
    page.locator(".paper-card", has_text=dismissed.title).get_by_role("button", name="Not interested").click()
    expect(page.locator(".paper-card", has_text=dismissed.title)).to_have_count(0)
    assert NotInterested.objects.filter(user=user, paper=dismissed).exists()

    # Export the library as BibTeX.
    page.goto(f"{live_server.url}/library")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Export .* as BibTeX")).first.click()
    entries = bibtexparser.parse_string(open(download.value.path(), encoding="utf-8").read()).entries
    assert {entry["eprint"] for entry in entries} == {first.arxiv_id, second.arxiv_id}

    # Follow an author from their page, with a daily email.
    page.goto(f"{live_server.url}/authors/Grace Hopper")
    page.locator(".follow-form").get_by_role("button", name="Follow").click()
    expect(page.locator(".follow-form [data-follow-state]")).to_be_visible()  # followed in place, no reload
    page.goto(f"{live_server.url}/library/follows")
    page.get_by_label("Email for Grace Hopper").select_option("daily")
    page.get_by_role("button", name="Set").first.click()
    assert Follow.objects.get(user=user).email == Follow.Email.DAILY

    # Subscribe in one click and ask for For-you papers.
    page.goto(f"{live_server.url}/subscribe/preferences")
    page.get_by_role("button", name="Subscribe in one click").click()
    page.get_by_label("For-you papers").fill("3")
    page.get_by_label("Trending papers").fill("1")
    page.get_by_role("button", name="Save preferences").click()
    expect(page.get_by_text("Preferences saved.")).to_be_visible()
    assert Subscription.objects.get(user=user).for_you_count == 3

    # The digest arrives through the SMTP server with a For-you section.
    assert send_due_digests(force=True) == 1
    [digest] = [m for m in smtp_server.messages if m.recipients == ["ada@example.org"]]
    text = digest.text()
    assert "== For you ==" in text and liked.title in text and dismissed.title not in text
    assert "Like “Message passing on molecules”" in text

    # Signed out, click 👍 under the For-you paper in the email: the page asks, the button records.
    page.context.clear_cookies()
    page.set_content(digest.html())
    page.locator(".paper", has_text=liked.title).get_by_role("link", name="👍 More like this").click()
    page.get_by_role("button", name="Yes, more like this").click()
    expect(page.get_by_text("Saved to your library")).to_be_visible()
    assert SavedPaper.objects.filter(user=user, paper=liked).exists()
