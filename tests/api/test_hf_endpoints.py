"""The HF-compatible endpoints over HTTP: shapes, filters, bad input, hidden papers."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.test import Client

from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db


def test_it_answers_daily_papers_in_hfs_shape() -> None:
    make_paper(
        list_date=date(2025, 6, 10),
        submitter_name="ak",
        upvotes=7,
        github_repo="https://github.com/a/b",
        keywords=["attention"],
        title="Less <b>is</b> & more",
    )

    response = Client().get("/api/daily_papers", {"date": "2025-06-10"})

    assert response.status_code == 200
    [item] = response.json()
    assert set(item) >= {"paper", "publishedAt", "title", "summary", "numComments", "submittedBy"}
    paper = item["paper"]
    assert paper["title"] == item["title"] == "Less <b>is</b> & more"
    assert paper["upvotes"] == 7
    assert paper["githubRepo"] == "https://github.com/a/b"
    assert paper["ai_keywords"] == ["attention"]
    assert [a["name"] for a in paper["authors"]] == ["Ada Lovelace", "Alan Turing"]
    assert all(re.fullmatch(r"[0-9a-f]{24}", a["_id"]) for a in paper["authors"])
    assert paper["submittedOnDailyAt"] == item["publishedAt"] == "2025-06-10T08:00:00.000Z"
    assert paper["submittedOnDailyBy"]["user"] == item["submittedBy"]["name"] == "ak"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"date": "2025-13-01"}, "not a real calendar date"),
        ({"date": "yesterday"}, "use YYYY-MM-DD"),
        ({"week": "2025-W99"}, "2025 has no ISO week 99"),
        ({"week": "2025-9"}, "use YYYY-Www"),
        ({"month": "2025-13"}, "not a real month"),
        ({"date": "2025-06-10", "week": "2025-W24"}, "only one of date, week and month"),
        ({"limit": "0"}, "limit"),
        ({"limit": "101"}, "less than or equal to 100"),
        ({"limit": "ten"}, "limit"),
        ({"p": "-1"}, "p:"),
        ({"sort": "random"}, "sort"),
        ({"submitter": "a\x00b"}, "control characters"),
        ({"submitter": "x" * 5000}, "at most 150 characters"),
    ],
)
def test_it_explains_bad_daily_papers_input_with_a_400(query: dict[str, str], message: str) -> None:
    response = Client().get("/api/daily_papers", query)

    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"error", "detail"}
    assert message in body["detail"]


def test_it_explains_bad_ids_and_unknown_papers() -> None:
    bad = Client().get("/api/papers/not-an-id")
    unknown = Client().get("/api/papers/2506.99999")

    assert bad.status_code == 400
    assert "is not an arXiv id" in bad.json()["detail"]
    assert unknown.status_code == 404
    assert unknown.json() == {
        "error": "not_found",
        "detail": "No paper 2506.99999 here. Add it with POST /api/papers/index.",
    }


def test_it_never_shows_hidden_papers() -> None:
    shown = make_paper(list_date=date(2025, 6, 10), title="Shown paper")
    hidden = make_paper(list_date=date(2025, 6, 10), title="Hidden spam", hidden=True)
    client = Client()

    daily = [item["paper"]["id"] for item in client.get("/api/daily_papers").json()]
    listed = [paper["id"] for paper in client.get("/api/papers").json()]
    found = [item["paper"]["id"] for item in client.get("/api/papers/search", {"q": "paper spam"}).json()]

    assert daily == listed == [shown.arxiv_id]
    assert hidden.arxiv_id not in found
    assert client.get(f"/api/papers/{hidden.arxiv_id}").status_code == 404
    assert client.get(f"/api/v1/papers/{hidden.arxiv_id}").status_code == 404


def test_it_pages_all_papers_with_link_header_cursors() -> None:
    made = {make_paper().arxiv_id for _ in range(5)}
    client = Client()
    seen: list[str] = []
    url: str | None = "/api/papers?limit=2"
    pages = 0
    while url:
        response = client.get(url)
        assert response.status_code == 200
        seen += [paper["id"] for paper in response.json()]
        link = response.headers.get("Link")
        match = re.match(r"<http://testserver([^>]+)>; rel=\"next\"", link or "")
        url = match.group(1) if match else None
        pages += 1

    assert pages == 3
    assert sorted(seen) == sorted(made)


def test_it_refuses_a_forged_cursor() -> None:
    response = Client().get("/api/papers", {"cursor": "bm9wZQ"})

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_cursor"
    assert "unchanged" in response.json()["detail"]


def test_it_orders_a_day_by_upvotes_and_pages_with_p() -> None:
    for votes in (3, 9, 1, 5):
        make_paper(list_date=date(2025, 6, 10), upvotes=votes)
    client = Client()

    first = client.get("/api/daily_papers", {"date": "2025-06-10", "limit": "2", "p": "0"}).json()
    second = client.get("/api/daily_papers", {"date": "2025-06-10", "limit": "2", "p": "1"}).json()

    assert [item["paper"]["upvotes"] for item in first + second] == [9, 5, 3, 1]


def test_it_lists_daily_papers_in_a_fixed_number_of_queries(django_assert_max_num_queries: Any) -> None:
    for votes in range(30):
        make_paper(list_date=date(2025, 6, 10), upvotes=votes, submitter_name="ak")

    # The page's ids, their papers with entries, their upstream items, their verified authors.
    with django_assert_max_num_queries(4):
        response = Client().get("/api/daily_papers", {"date": "2025-06-10"})

    assert len(response.json()) == 30


@pytest.mark.parametrize(
    "query",
    [
        "∫ x² dx — naïve Bayes 🤖",
        "<script>alert(1)</script> & \"quotes\" 'single'",
        "$\\mathcal{O}(n \\log n)$",
        "-- ; DROP TABLE papers_paper; --",
        'author: cat: after:2025-99-99 "unclosed',
        "%00%ff",
        "\u202eright-to-left",
    ],
)
def test_it_searches_odd_text_without_failing(query: str) -> None:
    make_paper(title="Naïve Bayes for $\\mathcal{O}(n)$ & friends")

    response = Client().get("/api/papers/search", {"q": query})

    assert response.status_code == 200
    assert isinstance(response.json(), list)


def test_it_refuses_a_huge_query_with_a_400() -> None:
    response = Client().get("/api/papers/search", {"q": "attention " * 20_000})

    assert response.status_code == 400
    assert "q: String should have at most 500 characters" in response.json()["detail"]


def test_it_answers_an_unexpected_failure_with_a_json_500(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(**kwargs: Any) -> list[Any]:
        raise RuntimeError("the database went away")

    monkeypatch.setattr("paperwire.api.hf.routes.daily_papers", broken)

    response = Client(raise_request_exception=False).get("/api/daily_papers")

    assert response.status_code == 500
    assert response.json() == {
        "error": "server_error",
        "detail": "Something went wrong on the server; please try again later.",
    }
