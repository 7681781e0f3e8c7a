"""Fixtures for the channels tests: papers on daily lists, destinations, and local chat receivers."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest

from paperwire.channels.models import Destination
from paperwire.papers.models import DailyEntry, Paper
from tests.channels.receivers import ChatReceiver

_ids = itertools.count(1)

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
YESTERDAY = date(2026, 11, 24)
CREATED = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def make_paper(*, upvotes: int = 0, list_date: date = YESTERDAY, authors: list[str] | None = None) -> Paper:
    n = next(_ids)
    paper = Paper.objects.create(
        arxiv_id=f"2611.{n:05d}",
        title=f"Sparse [attention] *number* {n}",
        abstract=f"We make transformers {n} times faster. Then we show more things.",
        authors=authors if authors is not None else ["Ada Lovelace", "Alan Turing"],
        categories=["cs.LG"],
        primary_category="cs.LG",
        upvote_count=upvotes,
    )
    DailyEntry.objects.create(paper=paper, list_date=list_date)
    return paper


def make_destination(url: str, **fields: Any) -> Destination:
    from paperwire.channels.addresses import read_address

    address = read_address(url, trusted=True)
    destination = Destination.objects.create(url=url, masked_url=address.masked, service=address.service, **fields)
    # Older than the lists of the tests, which it should post.
    Destination.objects.filter(pk=destination.pk).update(created_at=CREATED)
    destination.refresh_from_db()
    return destination


@pytest.fixture
def paper_factory() -> Callable[..., Paper]:
    return make_paper


@pytest.fixture
def receiver(settings: Any) -> Iterator[ChatReceiver]:
    """A chat receiver on 127.0.0.1, which people's destinations may reach for the test."""
    settings.CHANNEL_ALLOW_PRIVATE = True
    settings.CHANNEL_RETRY_BASE_SECONDS = 60
    settings.SITE_URL = "https://papers.example.org"
    with ChatReceiver() as running:
        yield running
