"""Cards a reader can judge from: summary or opening, keyword chips, author links, all authors on demand."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db
DAY = date(2025, 2, 27)
MANY = ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra", "Barbara Liskov", "Donald Knuth"]


def test_it_shows_the_ai_summary_when_there_is_one_else_two_sentences(client: Client) -> None:
    make_paper(list_date=DAY, title="Summarised", ai_summary="A short machine summary.", abstract="Long abstract.")
    make_paper(
        list_date=DAY,
        title="Only an abstract",
        abstract="We study tree search (e.g. MCTS) for LLMs. It helps a lot. A third sentence nobody reads.",
    )
    body = client.get(f"/papers/date/{DAY}").content.decode()
    assert "A short machine summary." in body
    assert "We study tree search (e.g. MCTS) for LLMs. It helps a lot." in body
    assert "A third sentence nobody reads." not in body


def test_it_links_keyword_chips_to_a_search(client: Client) -> None:
    make_paper(list_date=DAY, keywords=["diffusion models", "video & audio"])
    body = client.get(f"/papers/date/{DAY}").content.decode()
    assert 'href="/search?q=diffusion%20models"' in body
    assert 'href="/search?q=video%20%26%20audio">video &amp; audio</a>' in body


def test_it_links_every_author_and_keeps_the_rest_behind_a_disclosure(client: Client) -> None:
    make_paper(list_date=DAY, authors=MANY)
    body = client.get(f"/papers/date/{DAY}").content.decode()
    assert '<a href="/authors/Ada%20Lovelace">Ada Lovelace</a>' in body
    assert "<summary>all 6 authors</summary>" in body
    assert '<a href="/authors/Donald%20Knuth">Donald Knuth</a>' in body


def test_it_links_the_submitter_to_their_page(client: Client) -> None:
    make_paper(list_date=DAY, submitter_name="YueMafighting")
    body = client.get(f"/papers/date/{DAY}").content.decode()
    assert 'href="/u/YueMafighting"' in body


def test_it_keeps_detailed_lists_within_ten_queries(client: Client, django_assert_max_num_queries: Any) -> None:
    for number in range(40):
        make_paper(
            list_date=DAY,
            authors=MANY,
            keywords=["a", "b"],
            ai_summary="Summary." if number % 2 else "",
            thumbnail="https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/x.png",
            submitter_name="someone",
        )
    with django_assert_max_num_queries(10):
        response = client.get("/papers")
    assert response.status_code == 200
    assert response.content.decode().count('class="paper-summary card-detail"') == 40
