"""Fixtures for the digests tests: papers on daily lists and subscribers."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest

from paperwire.digests.models import Subscription, SubscriptionStatus
from paperwire.papers.models import DailyEntry, Paper

_ids = itertools.count(1)

# A Wednesday, after the default send hour (07:00 UTC).
SEND_TIME = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
YESTERDAY = date(2026, 11, 24)


def make_paper(
    title: str = "",
    *,
    upvotes: int = 0,
    list_date: date = YESTERDAY,
    categories: list[str] | None = None,
    abstract: str = "We study things & <stuff> with $x^2$.",
    github_repo: str = "",
) -> Paper:
    n = next(_ids)
    categories = categories or ["cs.LG"]
    paper = Paper.objects.create(
        arxiv_id=f"2611.{n:05d}",
        title=title or f"Paper number {n}",
        abstract=abstract,
        authors=["Ada Lovelace", "Alan Turing"],
        categories=categories,
        primary_category=categories[0],
        upvote_count=upvotes,
        github_repo=github_repo,
    )
    DailyEntry.objects.create(paper=paper, list_date=list_date)
    return paper


def make_subscriber(email: str, **fields: Any) -> Subscription:
    fields.setdefault("status", SubscriptionStatus.ACTIVE)
    return Subscription.objects.create(email=email, **fields)


@pytest.fixture
def paper_factory() -> Callable[..., Paper]:
    return make_paper


@pytest.fixture
def subscriber_factory() -> Callable[..., Subscription]:
    return make_subscriber


@pytest.fixture(autouse=True)
def _digest_site(settings: Any) -> None:
    settings.SITE_URL = "https://papers.example.org"
    settings.DEFAULT_FROM_EMAIL = "paperwire <digest@papers.example.org>"
    settings.REPLY_TO_EMAIL = "editors@papers.example.org"
    settings.DIGEST_SEND_HOUR = 7
    settings.DIGEST_RATE_PER_SECOND = 0
