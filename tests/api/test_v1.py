"""paperwire's own API: reads, token and session auth, upvotes, comments, submissions."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from paperwire.accounts.tokens import create_token
from paperwire.papers.citations import CitationSeen, store_citations
from paperwire.papers.models import Paper
from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db


@pytest.fixture
def user() -> Any:
    return get_user_model().objects.create_user("reader", "reader@example.org", "a-long-password-1")


@pytest.fixture
def token(user: Any) -> str:
    return create_token(user, "script")[1]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_it_shows_a_paper_with_its_listing() -> None:
    paper = make_paper(list_date=date(2025, 6, 10), submitter_name="ak", upvotes=4, doi="10.1/x")

    body = Client().get(f"/api/v1/papers/{paper.arxiv_id}v3").json()

    assert body["id"] == paper.arxiv_id
    assert body["upvotes"] == 4
    assert body["doi"] == "10.1/x"
    assert body["listing"] == {"date": "2025-06-10", "submitted_at": "2025-06-10T08:00:00Z", "submitter": "ak"}
    assert body["links"]["abs"] == f"https://arxiv.org/abs/{paper.arxiv_id}"


def test_a_paper_says_what_cites_it_on_the_hub_once_the_hub_was_asked() -> None:
    asked, never = make_paper(), make_paper()
    found = {"model": [CitationSeen("org/a", likes=1), CitationSeen("org/b")], "space": [CitationSeen("me/demo")]}
    store_citations(asked.pk, found, timezone.now())

    cited = Client().get(f"/api/v1/papers/{asked.arxiv_id}").json()["hub_citations"]

    assert (cited["models"], cited["datasets"], cited["spaces"]) == (2, 0, 1)
    assert Client().get(f"/api/v1/papers/{never.arxiv_id}").json()["hub_citations"] is None


def test_it_serves_lists_by_day_week_and_month() -> None:
    monday = make_paper(list_date=date(2025, 6, 9), upvotes=1)
    tuesday = make_paper(list_date=date(2025, 6, 10), upvotes=8)
    make_paper(list_date=date(2025, 7, 1))
    client = Client()

    day = client.get("/api/v1/lists/2025-06-10").json()
    week = client.get("/api/v1/lists/2025-W24").json()
    month = client.get("/api/v1/lists/2025-06", {"limit": 1}).json()

    assert [p["id"] for p in day["items"]] == [tuesday.arxiv_id]
    assert week["period"] == {"kind": "week", "label": "2025-W24", "start": "2025-06-09", "end": "2025-06-16"}
    assert [p["id"] for p in week["items"]] == [tuesday.arxiv_id, monday.arxiv_id]
    assert [p["id"] for p in month["items"]] == [tuesday.arxiv_id] and month["next_page"] == 1
    bad = client.get("/api/v1/lists/2025-W60")
    assert bad.status_code == 400 and "2025 has no ISO week 60" in bad.json()["detail"]


def test_it_pages_papers_with_filters_and_cursors() -> None:
    for _ in range(3):
        make_paper(primary_category="cs.CL")
    make_paper(primary_category="cs.CV")
    client = Client()

    first = client.get("/api/v1/papers", {"category": "cs.CL", "limit": "2"}).json()
    second = client.get("/api/v1/papers", {"category": "cs.CL", "limit": "2", "cursor": first["next_cursor"]}).json()

    assert len(first["items"]) == 2 and len(second["items"]) == 1
    assert second["next_cursor"] is None
    assert {p["primary_category"] for p in first["items"] + second["items"]} == {"cs.CL"}
    bad = client.get("/api/v1/papers", {"since": "2025-02-30"})
    assert bad.status_code == 400 and "since" in bad.json()["detail"]


def test_it_searches_with_filters() -> None:
    wanted = make_paper(title="Sparse attention for long documents", primary_category="cs.CL", categories=["cs.CL"])
    make_paper(title="Sparse attention for images", primary_category="cs.CV", categories=["cs.CV"])
    client = Client()

    found = client.get("/api/v1/search", {"q": "sparse attention", "category": "cs.CL"}).json()

    assert [p["id"] for p in found["items"]] == [wanted.arxiv_id]
    assert found["total"] == 1 and found["next_page"] is None
    assert "<mark>" in found["items"][0]["highlights"]["title_html"]
    assert "keyword" in found["items"][0]["matched_by"]
    assert client.get("/api/v1/search", {"q": ""}).status_code == 400
    assert client.get("/api/v1/search", {"q": "x" * 501}).status_code == 400


def test_it_ranks_trending_papers() -> None:
    low = make_paper(list_date=date(2025, 6, 10), upvotes=1)
    high = make_paper(list_date=date(2025, 6, 10), upvotes=50)

    body = Client().get("/api/v1/trending", {"window": "week"}).json()

    assert [p["id"] for p in body["items"]] == [high.arxiv_id, low.arxiv_id]
    assert body["last_day"] == "2025-06-10"


def test_it_upvotes_and_unvotes_with_a_token(token: str) -> None:
    paper = make_paper(upvotes=2)
    client = Client()

    voted = client.post(f"/api/v1/papers/{paper.arxiv_id}/upvote", headers=bearer(token))
    again = client.post(f"/api/v1/papers/{paper.arxiv_id}/upvote", headers=bearer(token))
    unvoted = client.delete(f"/api/v1/papers/{paper.arxiv_id}/upvote", headers=bearer(token))

    assert voted.json() == {"paper": paper.arxiv_id, "voted": True, "upvotes": 3}
    assert again.json()["upvotes"] == 3, "voting twice counts once"
    assert unvoted.json() == {"paper": paper.arxiv_id, "voted": False, "upvotes": 2}


def test_it_refuses_writes_without_a_valid_token() -> None:
    paper = make_paper(upvotes=2)

    anonymous = Client().post(f"/api/v1/papers/{paper.arxiv_id}/upvote")
    forged = Client().post(f"/api/v1/papers/{paper.arxiv_id}/upvote", headers=bearer("pw_not-a-real-token"))

    assert anonymous.status_code == forged.status_code == 401
    assert "Authorization: Bearer" in anonymous.json()["detail"]
    paper.refresh_from_db()
    assert paper.upvote_count == 2


def test_it_accepts_a_browser_session_only_with_the_csrf_token(user: Any) -> None:
    paper = make_paper()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/api/v1/me")  # a GET sets no cookie; fetch one the way a page would
    client.cookies.load({"csrftoken": "a" * 32})

    without = client.post(f"/api/v1/papers/{paper.arxiv_id}/upvote")
    with_token = client.post(f"/api/v1/papers/{paper.arxiv_id}/upvote", HTTP_X_CSRFTOKEN="a" * 32)

    assert without.status_code == 403
    assert "X-CSRFToken" in without.json()["detail"]
    assert with_token.status_code == 200 and with_token.json()["voted"] is True
    assert client.get("/api/v1/me").json() == {"username": "reader", "authenticated_by": "session"}


def test_it_posts_and_lists_comments(token: str) -> None:
    paper = make_paper()
    client = Client()

    posted = client.post(
        f"/api/v1/papers/{paper.arxiv_id}/comments",
        {"body": "Nice <script>alert(1)</script> **result**"},
        content_type="application/json",
        headers=bearer(token),
    )
    reply = client.post(
        f"/api/v1/papers/{paper.arxiv_id}/comments",
        {"body": "Agreed.", "parent_id": posted.json()["id"]},
        content_type="application/json",
        headers=bearer(token),
    )
    listed = client.get(f"/api/v1/papers/{paper.arxiv_id}/comments").json()

    assert posted.status_code == reply.status_code == 201
    assert "<script>" not in posted.json()["body_html"] and "<strong>result</strong>" in posted.json()["body_html"]
    assert [c["body"] for c in listed] == ["Nice <script>alert(1)</script> **result**"]
    assert [r["body"] for r in listed[0]["replies"]] == ["Agreed."]
    assert Paper.objects.get(pk=paper.pk).comment_count == 2
    empty = client.post(
        f"/api/v1/papers/{paper.arxiv_id}/comments",
        {"body": "  "},
        content_type="application/json",
        headers=bearer(token),
    )
    assert empty.status_code == 400


def test_it_refuses_to_submit_a_paper_that_is_already_listed(token: str) -> None:
    paper = make_paper(list_date=date(2025, 6, 10))

    response = Client().post(
        "/api/v1/submissions", {"arxiv_id": paper.arxiv_id}, content_type="application/json", headers=bearer(token)
    )

    assert response.status_code == 409
    assert "already listed on the list of 2025-06-10" in response.json()["detail"]


def test_it_returns_an_existing_paper_from_index_without_fetching(token: str) -> None:
    paper = make_paper()

    response = Client().post(
        "/api/papers/index",
        {"arxivId": f"https://arxiv.org/abs/{paper.arxiv_id}v2"},
        content_type="application/json",
        headers=bearer(token),
    )

    assert response.status_code == 200
    assert response.json()["id"] == paper.arxiv_id


def test_it_suggests_similar_papers_but_never_hidden_ones() -> None:
    paper = make_paper(title="Graph neural networks for molecule property prediction")
    close = make_paper(title="Molecule property prediction with graph neural networks")
    make_paper(title="Graph neural networks predicting molecule properties", hidden=True)
    make_paper(title="A survey of medieval agriculture")

    similar = Client().get(f"/api/v1/papers/{paper.arxiv_id}/similar", {"limit": "5"}).json()

    assert [p["id"] for p in similar] == [close.arxiv_id]


def test_it_explains_a_body_that_is_not_json(token: str) -> None:
    response = Client().post(
        "/api/v1/submissions", data="{arxiv_id: 2401.00001", content_type="application/json", headers=bearer(token)
    )

    assert response.status_code == 400
    assert response.json()["error"] == "bad_request"
    assert "Send a JSON object" in response.json()["detail"]
