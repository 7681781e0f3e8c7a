"""A reader in Chromium finds For you, reads it as cards with the real reasons, and dismisses a paper.

The instance's newest paper is months old (a snapshot): the 30-day window
counts back from it, and the page says which dates it shows.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from paperwire.community.models import Upvote
from paperwire.library.models import SavedPaper, Tag, TagMembership
from tests.papers.factories import make_paper

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NEWEST = datetime(2025, 3, 14, tzinfo=UTC)
THUMBNAIL = "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2501.00001.png"


@pytest.fixture(autouse=True)
def hashing_embedder(settings: Any) -> None:
    settings.EMBEDDER = "paperwire.search.embedder.HashingEmbedder"


def sign_in(page: Any, live_server: Any, user: Any) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_for_you_is_found_explained_finished_and_dated(live_server: Any, page: Any, django_user_model: Any) -> None:
    saved = make_paper(
        title="Speculative decoding with draft models", authors=["Nora Quist"], published=NEWEST - timedelta(days=20)
    )
    upvoted = make_paper(
        title="Protein folding with diffusion", authors=["Carla Diaz"], published=NEWEST - timedelta(days=25)
    )
    make_paper(
        title="Speculative decoding at scale",
        abstract="Draft models make speculative decoding fast. A second sentence. A third one.",
        authors=["Bo Li", "Eve Park"],
        published=NEWEST - timedelta(days=2),
        thumbnail=THUMBNAIL,
        upvotes=7,
    )
    make_paper(title="Protein folding in the cell", authors=["Ian Moss"], published=NEWEST)
    make_paper(title="Speculative decoding, the old way", authors=["Tom Berg"], published=NEWEST - timedelta(days=200))
    user = django_user_model.objects.create_user("ada", "ada@example.org", "a-long-pw-123")
    tag = Tag.objects.create(user=user, name="inference")
    TagMembership.objects.create(tag=tag, saved=SavedPaper.objects.create(user=user, paper=saved))
    Upvote.objects.create(user=user, paper=upvoted)
    sign_in(page, live_server, user)

    # Visible: the home page (a library), the header, the library and the profile all lead there.
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="For you: new papers like the ones in your library →").click()
    page.wait_for_url("**/for-you")
    for start in ("/library", "/u/ada"):
        page.goto(f"{live_server.url}{start}")
        expect(page.locator("main").get_by_role("link", name="For you", exact=True)).to_be_visible()
    page.locator("#site-nav").get_by_role("link", name="For you").click()
    page.wait_for_url("**/for-you")

    # Dated from the newest paper here, not from today.
    expect(page.locator(".for-you-dates")).to_contain_text("13 Feb 2025 – 14 Mar 2025")
    cards = page.locator(".for-you-list .paper-card")
    expect(cards).to_have_count(2)  # the 200-day-old paper is outside the window
    card = cards.filter(has_text="Speculative decoding at scale")
    # The same card as the lists: upvotes, summary, thumbnail, authors, Save.
    expect(card.locator(".vote-box")).to_contain_text("7")
    expect(card.locator(".paper-summary")).to_contain_text("Draft models make speculative decoding fast.")
    # The thumbnail as the lists show it (paperwire's copy, or its placeholder until the worker fetched it).
    expect(card.locator(".paper-thumbnail")).to_have_count(1)
    expect(card.get_by_role("link", name="Bo Li")).to_be_visible()
    expect(card.locator(".save-button")).to_be_visible()
    # The real reasons.
    expect(card.locator(".for-you-why")).to_contain_text("in your tag “inference”")
    other = cards.filter(has_text="Protein folding in the cell")
    expect(other.locator(".for-you-why")).to_contain_text("which you upvoted")
    expect(page.locator("main")).not_to_contain_text("in your library")

    # Not interested: the paper goes.
    other.get_by_role("button", name="Not interested").click()
    page.wait_for_url("**/for-you")
    expect(page.locator(".for-you-list .paper-card")).to_have_count(1)
    expect(page.locator("main")).not_to_contain_text("Protein folding in the cell")
