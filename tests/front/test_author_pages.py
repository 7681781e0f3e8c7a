"""Author pages, imported submitters' pages and the upstream discussion link."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import feedparser
import pytest
from django.test import Client
from django.utils import timezone

from paperwire.papers.models import SourceRecord
from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db
DAY = date(2025, 2, 27)


def test_it_gathers_spellings_newest_first_with_co_authors_and_upvotes(client: Client) -> None:
    old = make_paper(authors=["José García", "Ada Lovelace"], upvotes=5, published=datetime(2024, 1, 1, tzinfo=UTC))
    new = make_paper(authors=["jose garcia", "Ada Lovelace"], upvotes=7, published=datetime(2025, 1, 1, tzinfo=UTC))
    make_paper(authors=["Someone Else"], upvotes=100)

    body = client.get("/authors/JOSE%20GARCIA").content.decode()

    assert body.index(new.get_absolute_url()) < body.index(old.get_absolute_url())
    assert "Someone Else" not in body
    assert "data-author-upvotes>12<" in body
    assert 'href="/authors/Ada%20Lovelace">Ada Lovelace</a> <span class="muted small">(2)</span>' in body
    assert 'href="/authors/JOSE%20GARCIA/feed.atom"' in body


def test_it_renders_an_author_page_in_a_bounded_number_of_queries(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    for number in range(40):
        make_paper(list_date=DAY, authors=["Ada Lovelace", f"Co Author{number % 5}"], submitter_name="someone")
    with django_assert_max_num_queries(10):
        response = client.get("/authors/Ada%20Lovelace")
    assert response.status_code == 200
    assert response.content.decode().count('class="paper-card') == 30


def test_it_offers_an_author_feed(client: Client) -> None:
    make_paper(list_date=DAY, title="By Ada", authors=["Ada Lovelace"])
    make_paper(list_date=DAY, title="Not by Ada", authors=["Alan Turing"])
    feed = feedparser.parse(client.get("/authors/ada%20lovelace/feed.rss").content)
    assert [entry.title for entry in feed.entries] == ["By Ada"]


def test_it_answers_404_for_an_unknown_author(client: Client) -> None:
    assert client.get("/authors/Nobody%20Here").status_code == 404


def test_it_shows_an_imported_submitter_instead_of_a_404(client: Client) -> None:
    make_paper(list_date=DAY, title="Streaming edits", submitter_name="YueMafighting")
    response = client.get("/u/YueMafighting")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Streaming edits" in body
    assert "Imported submitter" in body
    assert client.get("/u/nobody-at-all").status_code == 404


def test_it_links_the_hugging_face_discussion_and_says_where_comments_are(client: Client) -> None:
    paper = make_paper(list_date=DAY, comments_imported=3, comment_count=3)
    SourceRecord.objects.create(
        paper=paper, source="hf-daily", data={"paper": {"discussionId": "6a43289e763f63ca3757e835"}},
        fetched_at=timezone.now(),
    )  # fmt: skip
    local = make_paper(list_date=DAY)

    body = client.get(paper.get_absolute_url()).content.decode()
    assert f'href="https://huggingface.co/papers/{paper.arxiv_id}#community"' in body
    assert 'data-discussion-id="6a43289e763f63ca3757e835"' in body
    assert "Comments <em>there</em> on Hugging Face: 3" in body
    assert "huggingface.co/papers" not in client.get(local.get_absolute_url()).content.decode()
