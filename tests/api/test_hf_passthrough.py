"""Keys Hugging Face sends come back from the HF-compatible answers, with paperwire's own counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from paperwire.ingest.hf_daily import record_from_item
from paperwire.papers.models import DailyEntry, Paper
from paperwire.papers.writes import upsert_papers
from tests.ingest.test_source_records import ABSTRACT, hf_item

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_api_cache(settings: Any) -> None:
    settings.API_CACHE_SECONDS = 0


def imported(item: dict[str, Any]) -> Paper:
    item["paper"]["discussionId"] = "6842b6d1a0c3f1e2d3c4b5a6"
    item["isAuthorParticipating"] = True
    item["organization"] = {"_id": "61", "name": "example-lab", "fullname": "Example Lab"}
    upsert_papers([record_from_item(item, None)])
    return Paper.objects.get()


def test_it_serves_every_key_hugging_face_sent_and_passes_unknown_ones_through(client: Client) -> None:
    item = hf_item("2025-06-03", upvotes=3)
    paper = imported(item)
    Paper.objects.filter(pk=paper.pk).update(upvote_count=4)  # one local vote on top of HF's 3

    [answer] = client.get("/api/daily_papers", {"date": "2025-06-03"}).json()
    detail = client.get("/api/papers/2506.01234").json()

    for key in ("thumbnail", "mediaUrls", "organization", "aNewKeyHuggingFaceAddsOneDay", "title"):
        assert answer[key] == item[key], key
    assert answer["isAuthorParticipating"] is True
    for served in (answer["paper"], detail):
        assert served["summary"] == ABSTRACT  # byte for byte
        assert served["title"] == "A Title\n  Wrapped by arXiv"
        assert served["discussionId"] == "6842b6d1a0c3f1e2d3c4b5a6"
        assert served["authors"][0]["_id"] == "6650f0a1"
        for key in ("githubRepoAddedBy", "ai_summary_model", "organization"):
            assert served[key] == item["paper"][key], key
        assert served["upvotes"] == 4  # paperwire's count, local votes included


def test_it_never_lends_an_upstream_submitter_to_a_local_submission(client: Client) -> None:
    item = hf_item("2025-06-03")
    item["submittedBy"] = {
        "_id": "ab12",
        "name": "hf-user",
        "fullname": "HF User",
        "avatarUrl": "/a.png",
        "isPro": True,
    }
    item["paper"]["submittedOnDailyBy"] = {"_id": "ab12", "user": "hf-user", "fullname": "HF User", "isPro": True}
    paper = imported(item)
    DailyEntry.objects.filter(paper=paper).update(source="local", submitter_name="local-reader", submitter_fullname="")

    [answer] = client.get("/api/daily_papers", {"date": "2025-06-03"}).json()

    assert answer["submittedBy"]["name"] == "local-reader"
    assert answer["submittedBy"]["isPro"] is False and answer["submittedBy"]["_id"] != "ab12"
    assert answer["paper"]["submittedOnDailyBy"]["user"] == "local-reader"
