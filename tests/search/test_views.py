"""The search page, /search.json and /related: what a visitor sees, and no 5xx on any input."""

from __future__ import annotations

import pytest
from django.test import Client

from paperwire.search.indexing import index_pending
from tests.search.corpus import add_papers
from tests.search.test_query import HOSTILE

pytestmark = pytest.mark.django_db

PASTED_ABSTRACT = (
    "We study message passing on molecular graphs -- a state-of-the-art approach (see: NEAR(x, y)) "
    'with "quotes, AND operators* and ^carets. ' * 80
)[:10_240]


@pytest.fixture
def papers():
    papers = add_papers()
    index_pending()
    return papers


def test_it_shows_highlighted_results_with_filters_kept(client: Client, papers) -> None:
    response = client.get("/search", {"q": "diffusion", "cat": "cs.CV", "sort": "newest"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Video <mark>diffusion</mark> at scale") < html.index(
        "Latent <mark>diffusion</mark> models for image editing"
    )
    assert "A study of denoising schedules" not in html  # stat.ML, filtered out
    assert 'value="cs.CV"' in html
    assert '<option value="newest" selected>' in html
    assert 'id="header-q" type="search" name="q" placeholder="Search papers…" value="diffusion"' in html


def test_it_says_nothing_found(client: Client, papers) -> None:
    response = client.get("/search", {"q": "zzzqqqxxy"})
    assert "Nothing found." in response.content.decode()


def test_it_tells_how_many_papers_are_still_being_indexed(client: Client) -> None:
    add_papers()
    html = client.get("/search", {"q": "diffusion"}).content.decode()
    assert "4 papers still being indexed" in html
    assert "Latent <mark>diffusion</mark> models" in html  # found by keywords meanwhile


def test_it_pages_with_links_that_keep_the_query(client: Client, papers) -> None:
    html = client.get("/search", {"q": "diffusion", "per_page": "2"}).content.decode()
    assert "page 1 of 2" in html
    assert 'href="?q=diffusion&amp;per_page=2&amp;page=2"' in html


def test_it_answers_json(client: Client, papers) -> None:
    data = client.get("/search.json", {"q": "graph author:lecun"}).json()
    assert data["total"] == 1
    assert data["query"] == "graph author:lecun"
    item = data["items"][0]
    assert item["title"] == "Graph neural networks for molecules"
    assert item["url"] == f"/papers/{papers['graphs'].arxiv_id}"
    assert item["authors"] == ["Geoffrey E. Hinton", "Yann LeCun"]
    assert "<mark>Graph</mark>" in item["title_html"]
    assert data["pending_index_count"] == 0


def test_it_finds_related_work_for_a_pasted_10_kb_abstract(client: Client, papers) -> None:
    assert len(PASTED_ABSTRACT) > 10_000
    form = client.get("/related")
    assert 'name="csrfmiddlewaretoken"' in form.content.decode()
    response = client.post("/related", {"text": PASTED_ABSTRACT})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Closest papers" in html
    first = html.split('class="paper-title"', 1)[1].split("</h2>", 1)[0]
    assert "neural networks for <mark>molecules</mark>" in first
    assert client.get("/related", {"text": "molecular graphs message passing"}).status_code == 200


def test_it_rejects_posts_without_csrf(papers) -> None:
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/related", {"text": "graphs"}).status_code == 403


@pytest.mark.parametrize("text", [*HOSTILE, PASTED_ABSTRACT])
def test_it_never_fails_on_hostile_queries(client: Client, papers, text: str) -> None:
    for params in (
        {"q": text},
        {"q": text, "cat": text[:64], "author": text[:200], "after": text[:32], "before": "2025-02-30", "page": text},
        {"q": text, "sort": "newest", "per_page": "-5"},
    ):
        page = client.get("/search", params)
        assert page.status_code == 200, params
        body = page.content.decode()
        assert "result" in body or "Nothing found." in body or "Type words" in body
        assert client.get("/search.json", params).status_code == 200
    assert client.post("/related", {"text": text}).status_code == 200
