"""A category filter over papers without arXiv categories says why it finds nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from paperwire.search.indexing import index_pending
from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db


def test_it_says_how_many_papers_have_categories_when_a_category_filter_finds_nothing(client: Client, settings) -> None:
    settings.ARXIV_ENRICH = True  # what an instance says while enrichment runs
    make_paper(title="Diffusion for molecules")
    for _ in range(3):
        make_paper(title="Diffusion from Hugging Face", categories=[], primary_category="")
    index_pending()

    page = client.get("/search", {"q": "diffusion", "cat": "cs.CV"}).content.decode()

    assert "1 of 4 papers have arXiv categories yet; enrichment from arXiv is running." in page
    assert "Nothing found in this category yet." in page
    assert "Try fewer words" not in page
    typed = client.get("/search", {"q": "diffusion cat:cs.CV"}).content.decode()
    assert "1 of 4 papers have arXiv categories yet" in typed


def test_it_says_enrichment_is_off_and_stays_quiet_without_a_category_filter(client: Client, settings) -> None:
    settings.ARXIV_ENRICH = False
    make_paper(title="Diffusion from Hugging Face", categories=[], primary_category="")
    index_pending()

    assert "enrichment from arXiv is off" in client.get("/search", {"q": "x", "cat": "cs.LG"}).content.decode()
    assert "arXiv categories yet" not in client.get("/search", {"q": "diffusion"}).content.decode()


def test_it_says_nothing_once_every_paper_has_categories(client: Client) -> None:
    make_paper(title="Diffusion for molecules")
    index_pending()

    page = client.get("/search", {"q": "zzzqqqxxy", "cat": "cs.CV"}).content.decode()

    assert "arXiv categories yet" not in page and "Try fewer words" in page
