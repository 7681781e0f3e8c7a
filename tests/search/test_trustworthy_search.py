"""Searches a researcher does every day: ids and links, exact titles, typos, names, honest counts, feeds, saving."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from paperwire.papers.models import Paper
from paperwire.search.candidates import Candidates
from paperwire.search.fusion import relevant
from paperwire.search.indexing import index_pending
from paperwire.search.models import SavedSearch
from paperwire.search.service import search
from tests.papers.factories import make_paper
from tests.search.corpus import add_papers

pytestmark = pytest.mark.django_db


@pytest.fixture
def papers() -> dict[str, Paper]:
    papers = add_papers()
    papers["adi"] = make_paper(
        arxiv_id="2409.01234",
        title="Speech language models trained on one GPU",
        abstract="Spoken language modelling with discrete units.",
        authors=["Gallil Maimon", "Avishai Elmakies", "Michael Hassid", "Yossi Adi"],
        doi="10.1145/3292500.3330701",
        published=datetime(2024, 9, 2, tzinfo=UTC),
    )
    papers["kopilov"] = make_paper(
        title="Yossi and the speech tokenizer benchmark",
        abstract="Adi Kopilov and Yossi Keshet measure speech tokenizers.",
        authors=["Adi Kopilov", "Yossi Keshet"],
        published=datetime(2025, 9, 2, tzinfo=UTC),
    )
    papers["old_style"] = make_paper(arxiv_id="hep-th/9901001", title="Strings on old identifiers")
    index_pending()
    return papers


@pytest.mark.parametrize(
    "typed",
    [
        "2409.01234",
        "2409.01234v3",
        "arXiv:2409.01234",
        "https://arxiv.org/abs/2409.01234v1",
        "https://arxiv.org/pdf/2409.01234.pdf",
        "https://huggingface.co/papers/2409.01234",
        "10.1145/3292500.3330701",
        "https://doi.org/10.1145/3292500.3330701",
    ],
)
def test_it_answers_an_arxiv_id_link_or_doi_with_that_paper(client: Client, papers, typed: str) -> None:
    results = search(typed)
    assert [hit.paper.arxiv_id for hit in results.items] == ["2409.01234"]
    assert results.lookup in ("arXiv id", "DOI")
    assert client.get("/search.json", {"q": typed}).json()["items"][0]["id"] == "2409.01234"
    assert client.get("/api/papers/search", {"q": typed}).json()[0]["paper"]["id"] == "2409.01234"
    assert client.get("/api/v1/search", {"q": typed}).json()["items"][0]["id"] == "2409.01234"


def test_it_finds_old_style_ids(papers) -> None:
    assert search("hep-th/9901001v2").items[0].paper.arxiv_id == "hep-th/9901001"


def test_it_offers_to_fetch_an_unknown_arxiv_id(client: Client, papers) -> None:
    html = client.get("/search", {"q": "https://arxiv.org/abs/2606.26740v1"}).content.decode()
    assert "paperwire does not have arXiv <strong>2606.26740v1</strong> yet." in html
    assert "Sign in</a> to fetch it from arXiv" in html
    user = get_user_model().objects.create_user("reader", password="pw-long-enough-1")
    client.force_login(user)
    html = client.get("/search", {"q": "2606.26740"}).content.decode()
    assert 'action="/submit"' in html and 'name="arxiv" value="2606.26740"' in html
    assert "Fetch it from arXiv" in html


def test_it_does_not_offer_to_fetch_a_hidden_paper(papers) -> None:
    results = search(papers["hidden"].arxiv_id)
    assert results.items == [] and results.missing_arxiv_id == ""


def test_it_puts_the_exact_title_first_whatever_the_case_and_punctuation(papers) -> None:
    assert search("video DIFFUSION at scale!").items[0].paper == papers["video"]
    assert search("Latent diffusion models for image editing", sort="upvotes").items[0].paper == papers["diffusion"]


def test_it_searches_the_corrected_word_and_offers_the_typed_one(client: Client, papers) -> None:
    results = search("difusion video")
    assert results.corrected_query == "diffusion video"
    assert results.items[0].paper == papers["video"]
    html = client.get("/search", {"q": "difusion video"}).content.decode()
    assert "Showing results for" in html and "<strong>diffusion video</strong>" in html
    assert 'href="/search?q=difusion+video&amp;fix=0"' in html
    assert search("difusion video", correct=False).corrected_query == ""


def test_it_never_corrects_a_word_papers_contain(papers) -> None:
    results = search("Kopilov tokenizers")
    assert results.corrected_query == "" and results.suggestion == ""


@pytest.mark.parametrize("typed", ["Yossi Adi", "Y. Adi", "Adi, Yossi", "adi yossi"])
def test_it_ranks_the_named_persons_papers_first(client: Client, papers, typed: str) -> None:
    results = search(typed)
    assert results.items[0].paper == papers["adi"]
    assert results.items[0].matched_author == "Yossi Adi"
    assert results.person == "Yossi Adi"
    # Yossi Adi is the fourth author: the card still shows him after "et al.".
    html = client.get("/search", {"q": typed}).content.decode()
    assert '<a class="matched-author"' in html and "<mark>Yossi Adi</mark>" in html


def test_it_matches_names_without_their_accents(papers) -> None:
    assert search("Bjorn Ommer").items[0].paper == papers["diffusion"]
    assert search("author:ommer").items[0].matched_author == "Björn Ommer"


def test_it_counts_only_matches_and_sorts_only_them(papers) -> None:
    found = Candidates(keyword=[(1, 10.0), (2, 2.0)], semantic=[(3, 0.3), (4, 0.6)])
    fused = [(1, 0.2), (3, 0.1), (2, 0.09), (4, 0.08)]
    assert relevant(fused, found) == [(1, 0.2), (4, 0.08)]
    by_relevance, by_date = search("diffusion"), search("diffusion", sort="newest")
    assert by_date.total == by_relevance.total
    assert set(by_date.ids) == set(by_relevance.ids)
    assert by_relevance.total_label == f"about {by_relevance.total} results"


def test_it_links_the_search_feeds_visibly_and_in_the_head(client: Client, papers) -> None:
    html = client.get("/search", {"q": "diffusion", "cat": "cs.CV"}).content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/search/feed.rss?q=diffusion&amp;cat=cs.CV"' in html
    assert 'href="/search/feed.atom?q=diffusion&amp;cat=cs.CV"' in html
    assert ">RSS feed</a>" in html


def test_it_saves_lists_and_deletes_a_search(papers) -> None:
    assert Client().post("/search/saved", {"q": "diffusion"}).status_code == 302  # to the log-in page
    client = Client(enforce_csrf_checks=True)
    assert not SavedSearch.objects.exists()
    user = get_user_model().objects.create_user("reader", password="pw-long-enough-1")
    client.force_login(user)
    assert client.post("/search/saved", {"q": "diffusion"}).status_code == 403  # no CSRF token
    page = client.get("/search", {"q": "diffusion", "sort": "newest"})
    token = page.cookies["csrftoken"].value
    assert "Save this search" in page.content.decode()
    saved = client.post("/search/saved", {"q": "diffusion", "sort": "newest", "csrfmiddlewaretoken": token})
    assert saved.status_code == 302 and saved["Location"] == "/search?q=diffusion&sort=newest"
    item = SavedSearch.objects.get()
    assert (item.owner, item.query_string, item.label) == (user, "q=diffusion&sort=newest", "diffusion (newest)")
    assert client.get("/search", {"q": "graph"}).content.decode().count(">diffusion (newest)</a>") == 1
    assert "diffusion (newest)" in client.get(f"/u/{user.username}").content.decode()
    assert client.get(f"/search/saved/{item.pk}/delete").status_code == 405

    other = Client(enforce_csrf_checks=False)
    other.force_login(get_user_model().objects.create_user("other", password="pw-long-enough-2"))
    other.post(f"/search/saved/{item.pk}/delete")
    assert SavedSearch.objects.filter(pk=item.pk).exists()  # not theirs
    client.post(f"/search/saved/{item.pk}/delete", {"csrfmiddlewaretoken": token})
    assert not SavedSearch.objects.exists()


HOSTILE_PATHS = [
    "arXiv:'; DROP TABLE papers_paper; --",
    "https://arxiv.org/abs/2401.0123x",
    "https://arxiv.org/abs/../../etc/passwd",
    "10.1000/'); DELETE FROM papers_paper; --",
    "doi:10.1/\x00\x01",
    "O'Brien, D'Arcy",
    "Ä. Ö",
    "x. y. z. w.",
    "'a':A & 'b':B | !c",
    'title : "x" AND authors : NEAR(y)',
    "difusion\" transfromer' NOT AND",
    "zzzzqqqq wwwwxxxx yyyyvvvv",
    "Ünïcödé Ñamé",
    "中文 検索 名前",
    "https://huggingface.co/papers/" + "9" * 300,
    " ".join(["Adi"] * 4),
    "Latent diffusion models for image editing" * 50,
]


@pytest.mark.parametrize("text", HOSTILE_PATHS)
def test_it_never_fails_on_hostile_lookups_names_or_typos(client: Client, papers, text: str) -> None:
    for sort in ("relevance", "newest"):
        results = search(text, sort=sort)
        assert all(not hit.paper.hidden for hit in results.items)
    assert client.get("/search", {"q": text, "sort": "upvotes"}).status_code == 200
    assert client.get("/api/papers/search", {"q": text[:500]}).status_code in (200, 400)  # 400: control characters
    assert Paper.objects.count() == len(papers)
