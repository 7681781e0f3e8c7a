"""What cites a paper on the Hub, on the pages: a count chip on cards, three lists on the paper page."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from paperwire.ingest.hub_citations import refresh_citations
from paperwire.papers.citations import CitationSeen, store_citations
from tests.papers.factories import make_paper
from tests.support.hub_replay import hub_replay, hub_repo

HUB = "https://hub.example"
DAY = date(2025, 2, 27)


def _cited(**fields: Any):
    paper = make_paper(list_date=DAY, **fields)
    found = {
        "model": [CitationSeen("org/small", likes=2), CitationSeen("org/big", likes=40, downloads=1234)],
        "dataset": [CitationSeen("org/corpus", likes=1)],
        "space": [],
    }
    store_citations(paper.pk, found, timezone.now())
    return paper


@pytest.mark.django_db
def test_the_paper_page_lists_what_cites_it_most_liked_first_with_links_to_the_hub(client: Client, settings) -> None:
    settings.HF_HUB = HUB
    paper = _cited()

    body = client.get(paper.get_absolute_url()).content.decode()

    assert "Models citing this paper" in body and "Datasets citing this paper" in body
    assert "Spaces citing this paper" not in body, "a kind nothing of cites is left out"
    assert body.index(f'href="{HUB}/org/big"') < body.index(f'href="{HUB}/org/small"')
    assert f'href="{HUB}/datasets/org/corpus"' in body
    assert "1,234" in body


@pytest.mark.django_db
def test_a_paper_the_hub_knows_nothing_about_says_so(client: Client, settings) -> None:
    settings.HF_HUB = HUB
    paper = make_paper(list_date=DAY)
    store_citations(paper.pk, {}, timezone.now())

    body = client.get(paper.get_absolute_url()).content.decode()

    assert "No model, dataset or Space on the Hub cites this paper yet." in body


@pytest.mark.django_db
def test_without_a_hub_the_paper_page_has_no_hub_section(client: Client, settings) -> None:
    settings.HF_HUB = ""
    paper = make_paper(list_date=DAY)

    body = client.get(paper.get_absolute_url()).content.decode()

    assert "hub-citations" not in body and "citing this paper" not in body


@pytest.mark.django_db
def test_cards_show_the_counts_without_a_query_per_card(client: Client, django_assert_max_num_queries: Any) -> None:
    for _ in range(20):
        _cited()
    make_paper(list_date=DAY, title="Cited by nothing")

    with django_assert_max_num_queries(12):
        body = client.get(f"/papers/date/{DAY.isoformat()}").content.decode()

    assert body.count(">2 models · 1 dataset</a>") == 20


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_reader_follows_the_card_chip_to_the_hub_lists_of_a_fetched_paper(
    live_server: Any, page: Any, settings: Any
) -> None:
    paper = make_paper(arxiv_id="2401.00001", list_date=timezone.now().date(), title="A cited paper")
    citing = {
        paper.arxiv_id: {
            "model": [hub_repo("meta/llama", likes=900), hub_repo("me/finetune", likes=4)],
            "space": [hub_repo("me/demo", likes=12, kind="space")],
        }
    }
    settings.HF_HUB_REQUEST_INTERVAL = 0.0
    with hub_replay(citing) as hub:
        refresh_citations(hub.base_url)
    settings.HF_HUB = hub.base_url

    page.goto(f"{live_server.url}/papers/date/{paper.daily_entry.list_date.isoformat()}")
    page.locator(".paper-card").first.get_by_role("link", name="2 models · 1 Space").click()
    page.wait_for_url(f"**{paper.get_absolute_url()}#hub-citations")
    models = page.locator('[data-hub-kind="models"]')
    expect(models.get_by_role("heading")).to_contain_text("Models citing this paper")
    expect(models.get_by_role("link")).to_have_text(["meta/llama", "me/finetune"])
    expect(page.get_by_role("link", name="me/demo")).to_have_attribute("href", f"{hub.base_url}/spaces/me/demo")
