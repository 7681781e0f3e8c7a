"""/search/feed.rss|atom: the search page's results as a feed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import feedparser
import pytest
from django.core.cache import cache
from django.test import Client

from paperwire.library.follows import follow
from paperwire.library.models import Follow
from paperwire.search.ann import forget_loaded_indexes
from paperwire.search.indexing import index_pending
from paperwire.search.models import SavedSearch
from paperwire.search.service import search
from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def search_index(settings: Any, tmp_path: Path) -> Iterator[None]:
    # The hashing embedder: real search code paths without loading the model.
    settings.EMBEDDER = "paperwire.search.embedder.HashingEmbedder"
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    forget_loaded_indexes()
    cache.clear()
    yield
    forget_loaded_indexes()
    cache.clear()


@pytest.fixture
def corpus() -> None:
    make_paper(
        arxiv_id="2503.00001",
        title="Video diffusion at scale",
        upvotes=5,
        list_date=date(2025, 3, 3),
        categories=["cs.CV"],
        primary_category="cs.CV",
    )
    make_paper(
        arxiv_id="2503.00002",
        title="Latent diffusion for image editing",
        upvotes=50,
        categories=["cs.CV"],
        primary_category="cs.CV",
    )
    make_paper(arxiv_id="2503.00003", title="Diffusion <spam> & more diffusion", upvotes=900, hidden=True)
    make_paper(arxiv_id="2503.00004", title="Graph neural networks for molecules", abstract="Message passing.")
    index_pending()


def parse(client: Client, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def ids(feed: Any) -> list[str]:
    return [entry.link.rsplit("/", 1)[1] for entry in feed.entries]


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_it_lists_the_search_results_in_the_search_pages_order(client: Client, corpus: None, fmt: str) -> None:
    feed = parse(client, f"/search/feed.{fmt}?q=diffusion")

    expected = [hit.paper.arxiv_id for hit in search("diffusion", per_page=50).items]
    assert ids(feed) == expected
    assert set(ids(feed)) == {"2503.00001", "2503.00002"}  # never the hidden paper
    assert feed.feed.title == "paperwire — search: diffusion"


def test_it_keeps_the_sort_and_filters_of_the_search_page(client: Client, corpus: None) -> None:
    by_votes = parse(client, "/search/feed.rss?q=diffusion&sort=upvotes")
    in_category = parse(client, "/search/feed.atom?cat=cs.CV&sort=upvotes")

    assert ids(by_votes) == ["2503.00002", "2503.00001"]
    assert ids(in_category) == ["2503.00002", "2503.00001"]
    assert in_category.feed.title == "paperwire — search: cat:cs.CV"


def test_it_keeps_markup_in_the_query_out_of_the_feed_title(client: Client, corpus: None) -> None:
    feed = parse(client, "/search/feed.rss?q=%3Cb%3Ebold%3C%2Fb%3E+%26+diffusion")

    assert feed.feed.title == "paperwire — search: bold & diffusion"
    assert feed.feed.title_detail.type == "text/plain"


def test_it_is_rate_limited_like_a_search(client: Client, corpus: None, settings: Any) -> None:
    settings.RATELIMIT_ENABLED = True
    cache.clear()

    statuses = [client.get("/search/feed.rss?q=diffusion").status_code for _ in range(31)]

    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429


def test_a_private_saved_search_feed_shares_the_search_feeds_rate_limit(
    client: Client, corpus: None, settings: Any, django_user_model: Any
) -> None:
    settings.RATELIMIT_ENABLED = True
    cache.clear()
    owner = django_user_model.objects.create_user("ada", "ada@example.org", "a-long-password-1")
    saved = SavedSearch.objects.create(owner=owner, query_string="q=diffusion")
    private = follow(owner, Follow.Kind.SAVED_SEARCH, str(saved.pk)).feed_token

    statuses = [client.get(f"/feeds/follow/{private}.atom").status_code for _ in range(31)]

    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429
    assert client.get("/search/feed.rss?q=diffusion").status_code == 429  # one budget for both
