"""When arXiv cannot be reached, /list and the digest settings say so and when, not "running" forever."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from paperwire.digests import links
from paperwire.ingest.enrich import enrich_periodically
from paperwire.papers.models import Paper
from tests.digests.conftest import make_paper, make_subscriber

pytestmark = pytest.mark.django_db


def _pages(client: Client) -> list[str]:
    cache.clear()
    subscription = make_subscriber("reader@example.com")
    preferences = links.preferences_url(subscription).removeprefix("https://papers.example.org")
    pages = [client.get("/list").content.decode(), client.get(preferences).content.decode()]
    subscription.delete()
    return pages


def test_it_shows_the_outcome_and_time_of_the_last_attempt_to_reach_arxiv(
    client: Client, settings, arxiv_server
) -> None:
    settings.ARXIV_ENRICH = True
    arxiv_server.synthesize_api()
    make_paper("From arXiv")
    imported = make_paper("From Hugging Face")
    Paper.objects.filter(pk=imported.pk).update(categories=[], primary_category="")

    arxiv_server.fail_next(503)
    with time_machine.travel(datetime(2026, 12, 7, 14, 5, tzinfo=UTC), tick=False):
        assert enrich_periodically().error  # type: ignore[union-attr]
    down = _pages(client)

    for page in down:
        assert (
            "1 of 2 papers have arXiv categories yet; "
            "the last attempt to reach arXiv, at 14:05 UTC on 7 December 2026, failed"
        ) in page
        assert "enrichment from arXiv is running" not in page

    with time_machine.travel(datetime(2026, 12, 7, 15, 5, tzinfo=UTC), tick=False):
        enrich_periodically()
    Paper.objects.filter(pk=imported.pk).update(categories=[], primary_category="")  # arXiv knew it; keep it short
    for page in _pages(client):
        assert "enrichment from arXiv last ran at 15:05 UTC on 7 December 2026" in page
