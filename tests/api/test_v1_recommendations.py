"""POST /api/v1/recommendations: a ranking from named papers, without an account."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def hashing_embedder(settings: Any) -> None:
    settings.EMBEDDER = "paperwire.search.embedder.HashingEmbedder"


def post(body: dict[str, Any]) -> Any:
    return Client().post("/api/v1/recommendations", body, content_type="application/json")


def test_it_ranks_papers_like_the_positives_first_and_says_why() -> None:
    liked = make_paper(
        title="Sparse attention for long documents", abstract="Sparse attention.", authors=["Nora Quist"]
    )
    later = make_paper(
        title="Sparse attention kernels", abstract="Kernels for sparse attention.", authors=["Nora Quist", "Bo Li"]
    )
    other = make_paper(title="Galaxy surveys", abstract="Dark matter halos.", authors=["Omar Haddad"])
    answer = post({"positive": [liked.arxiv_id], "limit": 5})
    assert answer.status_code == 200, answer.content
    found = answer.json()["recommendations"]
    ids = [r["paper"]["id"] for r in found]
    assert ids[0] == later.arxiv_id and other.arxiv_id in ids and liked.arxiv_id not in ids
    assert found[0]["because"] == [liked.arxiv_id]
    assert found[0]["score"] > found[-1]["score"]


def test_it_filters_by_category_and_dates() -> None:
    liked = make_paper(title="Sparse attention", authors=["Nora Quist"], primary_category="cs.CL")
    make_paper(title="Sparse attention again", authors=["Nora Quist"], primary_category="cs.LG")
    same_field = make_paper(title="Parsing", authors=["Uma Sethi"], primary_category="cs.CL")
    answer = post({"positive": [liked.arxiv_id], "category": "cs.CL"})
    assert [r["paper"]["id"] for r in answer.json()["recommendations"]] == [same_field.arxiv_id]
    assert post({"positive": [liked.arxiv_id], "until": "1990-01-01"}).json()["recommendations"] == []


def test_it_names_unknown_ids_and_refuses_empty_positives_and_bad_dates() -> None:
    liked = make_paper()
    unknown = post({"positive": [liked.arxiv_id, "2401.99999"], "negative": ["2402.11111"]})
    assert unknown.status_code == 400
    assert "2401.99999" in unknown.json()["detail"] and unknown.json()["error"] == "unknown_paper"
    unknown_negative = post({"positive": [liked.arxiv_id], "negative": ["2402.11111"]})
    assert unknown_negative.status_code == 400 and "negative" in unknown_negative.json()["detail"]
    empty = post({"positive": []})
    assert empty.status_code == 400 and "positive" in empty.json()["detail"]
    for bad in ({"since": "2024-13-01"}, {"since": "2025-02-01", "until": "2025-01-01"}):
        answer = post({"positive": [liked.arxiv_id], **bad})
        assert answer.status_code in (400, 422) and "since" in answer.json()["detail"], answer.content
    malformed = post({"positive": ["not an id"]})
    assert malformed.status_code == 400


def test_it_refuses_bodies_that_are_not_json_so_no_web_page_can_spend_its_cost() -> None:
    liked = make_paper()
    body = json.dumps({"positive": [liked.arxiv_id]})
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"):
        answer = Client().post("/api/v1/recommendations", body, content_type=content_type)
        assert answer.status_code == 415, (content_type, answer.content)
        assert answer.json()["error"] == "unsupported_media_type"
    assert Client().post("/api/v1/recommendations", body, content_type="application/json").status_code == 200


def test_it_limits_rankings_per_client(settings: Any) -> None:
    settings.RATELIMIT_ENABLED = True
    settings.RECOMMEND_RATE_LIMIT = 2
    liked = make_paper()
    answers = [post({"positive": [liked.arxiv_id]}).status_code for _ in range(4)]
    assert answers == [200, 200, 429, 429]
