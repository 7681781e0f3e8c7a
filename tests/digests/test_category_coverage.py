"""Digest category settings say how many papers have arXiv categories, instead of silently matching nothing."""

from __future__ import annotations

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from paperwire.digests import links
from paperwire.papers.models import Paper
from tests.digests.conftest import SEND_TIME, make_paper, make_subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counts() -> None:
    cache.clear()


def _without_categories(paper: Paper) -> None:
    Paper.objects.filter(pk=paper.pk).update(categories=[], primary_category="")


def test_it_says_how_many_papers_have_categories_next_to_the_category_setting(client: Client, settings) -> None:
    settings.ARXIV_ENRICH = True  # what an instance says while enrichment runs
    make_paper("From arXiv")
    _without_categories(make_paper("From Hugging Face"))
    subscription = make_subscriber("reader@example.com")

    page = client.get(links.preferences_url(subscription).removeprefix("https://papers.example.org")).content.decode()

    assert "1 of 2 papers have arXiv categories yet; enrichment from arXiv is running." in page


def test_it_says_why_a_category_choice_matches_none_of_the_period(client: Client, settings) -> None:
    settings.ARXIV_ENRICH = True  # what an instance says while enrichment runs
    _without_categories(make_paper("From Hugging Face", upvotes=4))
    subscription = make_subscriber("reader@example.com", categories=["cs.LG"])
    path = links.preferences_url(subscription).removeprefix("https://papers.example.org")

    with time_machine.travel(SEND_TIME):
        page = client.get(path + "?preview=1").content.decode()

    assert "is in your categories (cs.LG). Of those, 0 of 1 paper has arXiv categories yet" in page
