"""Search results are the list's own cards: vote, Save and thumbnail, and no sentence twice."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from paperwire.papers.models import Paper
from paperwire.search.indexing import index_pending
from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db
DAY = date(2025, 4, 1)
THUMBNAIL = "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2504.00001.png"


def add_cards() -> dict[str, Paper]:
    papers = {
        # The typed word opens the abstract: the card's opening already shows the match.
        "opening": make_paper(
            list_date=DAY,
            title="Draft models for fast inference",
            abstract="Speculative sampling drafts tokens with a small model. "
            "The large model verifies them in one pass. "
            "We measure a twofold speed-up on code.",
            thumbnail=THUMBNAIL,
        ),
        # The typed word only appears deep in the abstract: its snippet replaces the opening.
        "deep": make_paper(
            list_date=DAY,
            title="Latency of language model serving",
            abstract="We study where serving time goes. Batching dominates at high load. Memory traffic dominates "
            "otherwise. Caches help both. " * 3 + "As a baseline we also run speculative sampling.",
        ),
    }
    index_pending()
    return papers


def cards_of(html: str) -> dict[int, str]:
    """Each result card's HTML by paper id."""
    found = re.findall(
        r'<li class="paper-card[^"]*" id="paper-(\d+)">(.*?)</li>\s*(?=<li class="paper-card|</ol>)', html, re.S
    )
    return {int(pk): card for pk, card in found}


def sentences(card_html: str) -> list[str]:
    text = " ".join(re.sub(r"<[^>]+>", " ", card_html).split())
    return [sentence for sentence in re.split(r"(?<=[.!?]) ", text) if len(sentence) > 20]


def test_each_result_is_the_list_card_with_its_save_button_and_thumbnail(client: Client) -> None:
    papers = add_cards()
    found = cards_of(client.get("/search", {"q": "speculative"}).content.decode())
    listed = cards_of(client.get(f"/papers/date/{DAY.isoformat()}").content.decode())
    assert set(found) == {paper.pk for paper in papers.values()}
    for pk, card in found.items():
        for part in ("save-button", "vote-box", "comment-count", "paper-thumbnail"):
            assert (part in card) == (part in listed[pk]), (part, pk)
        assert "save-button" in card


def test_the_snippet_replaces_the_opening_only_where_the_match_is_not_in_it(client: Client) -> None:
    papers = add_cards()
    found = cards_of(client.get("/search", {"q": "speculative"}).content.decode())
    opening, deep = found[papers["opening"].pk], found[papers["deep"].pk]
    assert "paper-excerpt" not in opening and "Speculative sampling drafts tokens" in opening
    assert "paper-excerpt" in deep and "<mark>speculative</mark>" in deep
    assert "We study where serving time goes" not in deep
    for card in (opening, deep):
        said = sentences(card)
        assert len(said) == len(set(said)), said


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_reader_saves_a_result_from_the_search_page(live_server: Any, page: Any, django_user_model: Any) -> None:
    papers = add_cards()
    client = Client()
    reader = django_user_model.objects.create_user("ada", "ada@example.org", "a-long-pw-123")
    client.force_login(reader)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])

    page.goto(f"{live_server.url}/search?q=speculative")
    expect(page.locator(".search-hit .save-button")).to_have_count(2)
    button = page.locator(f"#paper-{papers['deep'].pk} .save-button")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button).to_have_text("Saved")
    for card in page.locator(".search-hit").all():
        said = [sentence for sentence in re.split(r"(?<=[.!?])\s+", card.inner_text()) if len(sentence) > 20]
        assert len(said) == len(set(said)), said
    page.goto(f"{live_server.url}/library")
    expect(page.locator(".paper-card .paper-title")).to_have_text([papers["deep"].title])
