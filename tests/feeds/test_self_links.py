"""A feed's rel="self" link names the feed itself, parameters included, and answers 200."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser
import pytest
from django.core.cache import cache
from django.test import Client

from paperwire.search.ann import forget_loaded_indexes
from paperwire.search.indexing import index_pending
from tests.papers.factories import make_paper
from tests.papers.trending_clock import trending_clock  # noqa: F401 - autouse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def indexed_paper(settings: Any, tmp_path: Path) -> Iterator[None]:
    # The hashing embedder: real search code paths without loading the model.
    settings.EMBEDDER = "paperwire.search.embedder.HashingEmbedder"
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    forget_loaded_indexes()
    cache.clear()
    make_paper(arxiv_id="2503.00001", title="Video diffusion at scale", listed_at=datetime(2025, 3, 10, 8, tzinfo=UTC))
    index_pending()
    yield
    forget_loaded_indexes()
    cache.clear()


def self_link(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    feed = feedparser.parse(response.content)
    links = [link.href for link in feed.feed.links if link.rel == "self"]
    assert len(links) == 1, feed.feed.links
    return links[0]


@pytest.mark.parametrize(
    "url",
    [
        "/search/feed.rss?q=video+diffusion&cat=cs.CV&sort=newest",
        "/search/feed.atom?q=video+diffusion&cat=cs.CV&sort=newest",
        "/search/feed.rss?author=Ada+Lovelace",
        "/papers/trending/feed.rss?window=day",
        "/papers/trending/feed.atom?window=month",
    ],
)
def test_it_points_rel_self_at_the_same_feed_with_its_query(client: Client, url: str) -> None:
    href = self_link(client, url)
    parts = urlsplit(href)

    assert parts.scheme == "http" and parts.netloc == "testserver"
    assert f"{parts.path}?{parts.query}" == url
    assert client.get(f"{parts.path}?{parts.query}").status_code == 200
