"""huggingface_hub's own client against a live paperwire server, on real HF data."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from huggingface_hub import HfApi
from huggingface_hub.errors import HfHubHTTPError

pytestmark = pytest.mark.django_db(transaction=True)


def _words(text: str | None) -> str:
    """Text as the importer stores it: whitespace runs (HF's line breaks) made single spaces."""
    return " ".join((text or "").split())


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@pytest.fixture
def client(live_server: Any) -> HfApi:
    return HfApi(endpoint=live_server.url, token=False)


def test_it_serves_a_days_list_to_list_daily_papers(client: HfApi, imported_hf: dict[str, Any]) -> None:
    raw = {item["paper"]["id"]: item for item in imported_hf["2025-06-10"]}

    papers = list(client.list_daily_papers(date="2025-06-10", token=False))

    assert {paper.id for paper in papers} == set(raw)
    upvotes = [paper.upvotes or 0 for paper in papers]
    assert upvotes == sorted(upvotes, reverse=True), "most upvoted first, as on huggingface.co"
    for paper in papers:
        item = raw[paper.id]
        assert paper.title == item["title"]  # as Hugging Face wrote it, line breaks and all
        assert [author.name for author in paper.authors or []] == [_words(a["name"]) for a in item["paper"]["authors"]]
        assert (paper.upvotes or 0) == item["paper"]["upvotes"]
        assert paper.comments == item["numComments"]
        assert paper.published_at == _when(item["paper"]["publishedAt"])
        assert paper.submitted_at == _when(item["paper"]["submittedOnDailyAt"])
        assert paper.submitted_by is not None
        assert paper.submitted_by.username == item["paper"]["submittedOnDailyBy"]["user"]
        assert paper.submitted_by.fullname == item["paper"]["submittedOnDailyBy"]["fullname"]
        assert paper.github_repo == item["paper"].get("githubRepo")
        assert paper.ai_keywords == (item["paper"].get("ai_keywords") or None)


def test_it_filters_daily_papers_by_week_month_submitter_and_pages(client: HfApi, imported_hf: dict[str, Any]) -> None:
    june_week = {item["paper"]["id"] for day in ("2025-06-09", "2025-06-10") for item in imported_hf[day]}
    may_2024 = {item["paper"]["id"] for item in imported_hf["2024-05-27"]}

    assert {p.id for p in client.list_daily_papers(week="2025-W24", limit=100, token=False)} == june_week
    assert {p.id for p in client.list_daily_papers(month="2025-06", limit=100, token=False)} == june_week
    assert {p.id for p in client.list_daily_papers(month="2024-05", limit=100, token=False)} == may_2024
    assert list(client.list_daily_papers(week="2025-W30", token=False)) == []

    submitted = [p for p in client.list_daily_papers(submitter="unilm", month="2025-06", token=False)]
    assert [p.id for p in submitted] == ["2506.08007"]
    assert submitted[0].submitted_by is not None and submitted[0].submitted_by.username == "unilm"

    first = [p.id for p in client.list_daily_papers(week="2025-W24", limit=10, p=0, token=False)]
    second = [p.id for p in client.list_daily_papers(week="2025-W24", limit=10, p=1, token=False)]
    assert len(first) == len(second) == 10 and not set(first) & set(second)
    # Newest list day first: the whole 28-paper 10 June list precedes 9 June.
    assert set(first) | set(second) <= {item["paper"]["id"] for item in imported_hf["2025-06-10"]}

    trending = [p.id for p in client.list_daily_papers(week="2025-W24", sort="trending", limit=100, token=False)]
    assert set(trending) == june_week
    assert trending[0] == "2506.08007", "97 upvotes, the week's clear leader"


def test_it_answers_paper_info_and_list_papers(client: HfApi, imported_hf: dict[str, Any]) -> None:
    item = next(i for i in imported_hf["2025-06-10"] if i["paper"]["id"] == "2506.08007")

    info = client.paper_info("2506.08007")

    assert info.title == "Reinforcement Pre-Training"
    assert [a.name for a in info.authors or []] == [a["name"] for a in item["paper"]["authors"]]
    assert info.upvotes == 97
    assert info.published_at == _when(item["paper"]["publishedAt"])
    assert info.submitted_at == _when(item["paper"]["submittedOnDailyAt"])
    assert info.submitted_by is not None and info.submitted_by.username == "unilm"
    assert info.ai_summary == _words(item["paper"]["ai_summary"])
    assert info.comments == 3
    # Versioned ids are the same paper.
    assert client.paper_info("2506.08007v2").id == "2506.08007"

    found = list(client.list_papers(query="Reinforcement Pre-Training", limit=5, token=False))
    assert found and found[0].id == "2506.08007"
    assert len(found) <= 5


def test_it_raises_the_clients_not_found_error_for_an_unknown_paper(client: HfApi, imported_hf: dict[str, Any]) -> None:
    with pytest.raises(HfHubHTTPError) as caught:
        client.paper_info("2506.99999")
    assert caught.value.response.status_code == 404
    assert "2506.99999" in str(caught.value)

    with pytest.raises(HfHubHTTPError) as bad:
        list(client.list_daily_papers(week="2025-W99", token=False))
    assert bad.value.response.status_code == 400
    assert "no ISO week 99" in str(bad.value)
