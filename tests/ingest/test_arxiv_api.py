from __future__ import annotations

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from paperwire.ingest.arxiv_api import ArxivNotFound, ArxivUnavailable, fetch_and_store, fetch_paper
from paperwire.papers.models import Paper

pytestmark = pytest.mark.django_db


def test_it_fetches_a_paper_by_id_and_stores_it(arxiv_server):
    [paper] = fetch_and_store(["2104.12255"])

    assert paper.pk is not None
    assert paper == Paper.objects.get(arxiv_id="2104.12255")
    assert (paper.title, paper.version) == ("0", 1)
    assert paper.abstract.startswith("What is the funniest number in cryptography? 0.")
    assert paper.authors == ["Quan Thoi Minh Nguyen"]
    assert (paper.categories, paper.primary_category) == (["cs.CR"], "cs.CR")
    assert paper.published == datetime(2021, 4, 20, 16, 7, 14, tzinfo=UTC)
    path, query = arxiv_server.requests[-1]
    assert (path, query["id_list"]) == ("/api/query", "2104.12255")


def test_it_returns_papers_in_input_order_and_accepts_urls_and_old_ids(arxiv_server):
    arxiv_server.answer_api("1707.08567,quant-ph/0201082", "id_0808.05394_1707.08567_s0_m100_42e5aa0ec3af.xml")
    arxiv_server.answer_api("1707.08567,quant-ph/0201082", "id_1707.08567_s0_m100_6a1afebfc6a3.xml")
    [old] = fetch_and_store(["https://arxiv.org/abs/quant-ph/0201082v1"])
    [again] = fetch_and_store(["quant-ph/0201082"])

    assert old.arxiv_id == again.arxiv_id == "quant-ph/0201082"
    assert old.pk == again.pk
    assert (old.primary_category, old.categories) == ("quant-ph", ["quant-ph", "cs.PL"])
    assert Paper.objects.count() == 1


def test_it_reports_an_unknown_id_as_not_found(arxiv_server):
    with pytest.raises(ArxivNotFound, match=r"0808\.05394"):
        fetch_and_store(["0808.05394"])
    # An id arXiv has no recording for gets arXiv's error feed (HTTP 400).
    with pytest.raises(ArxivNotFound, match="arXiv says: incorrect id format for abc"):
        fetch_and_store(["2499.99999"])
    with pytest.raises(ArxivNotFound, match="not an arXiv id"):
        fetch_and_store(["abc"])
    assert not Paper.objects.exists()


def test_it_says_arxiv_is_unavailable_on_server_errors_and_network_failures(arxiv_server, settings):
    arxiv_server.fail_next(503, retry_after=30)
    with pytest.raises(ArxivUnavailable, match="try again in a few minutes"):
        fetch_and_store(["2104.12255"])

    settings.ARXIV_API_URL = "http://127.0.0.1:9/api/query"  # nothing listens on the discard port
    with pytest.raises(ArxivUnavailable):
        fetch_and_store(["2104.12255"])
    assert not Paper.objects.exists()


def test_it_updates_a_stored_paper_without_touching_its_votes(arxiv_server):
    Paper.objects.create(arxiv_id="2104.12255", title="old title", version=1, upvote_count=4)

    [paper] = fetch_and_store(["2104.12255v1"])

    assert (paper.title, paper.upvote_count) == ("0", 4)


def test_it_has_a_command_that_prints_what_it_stored(arxiv_server):
    out = StringIO()
    call_command("ingest", "arxiv", "2104.12255", stdout=out)
    assert out.getvalue().strip() == "2104.12255v1: 0"

    with pytest.raises(CommandError, match="arXiv says"):
        call_command("ingest", "arxiv", "2499.99999", stdout=out)


def test_it_survives_a_concurrent_insert_of_the_same_new_paper(arxiv_server, monkeypatch):
    from paperwire.papers import writes

    real_insert = writes._insert
    raced = {"done": False}

    def insert_after_someone_else(papers, now):
        if not raced["done"]:
            raced["done"] = True
            # Another request stores the paper between our read and our insert.
            Paper.objects.create(arxiv_id="2104.12255", title="stored by the other request", version=1)
        real_insert(papers, now)

    monkeypatch.setattr(writes, "_insert", insert_after_someone_else)
    [paper] = fetch_and_store(["2104.12255"])

    assert paper.title == "0"
    assert Paper.objects.count() == 1


def test_it_fetches_one_paper_by_id_or_url(arxiv_server):
    paper = fetch_paper("https://arxiv.org/abs/2104.12255v1")

    assert paper == Paper.objects.get(arxiv_id="2104.12255")
    assert (paper.title, paper.version) == ("0", 1)
    with pytest.raises(ArxivNotFound, match=r"arXiv has no paper 0808\.05394\."):
        fetch_paper("0808.05394")
    with pytest.raises(ArxivNotFound, match="not an arXiv id"):
        fetch_paper("my favourite paper")
    arxiv_server.fail_next(503)
    with pytest.raises(ArxivUnavailable, match="try again in a few minutes"):
        fetch_paper("2104.12255")
