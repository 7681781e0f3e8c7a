"""Adding a paper through the API: arXiv is asked by the worker, never by the request (local arXiv replay)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from paperwire.accounts.tokens import create_token
from paperwire.community.models import Submission, SubmissionStatus
from paperwire.community.submit import process_submission
from paperwire.papers.models import DailyEntry, Paper

pytestmark = pytest.mark.django_db

HEAT_BATH = "1605.08386"  # first published 2016-05-26


@pytest.fixture
def auth() -> dict[str, str]:
    user = get_user_model().objects.create_user("indexer", "indexer@example.org", "a-long-password-1")
    return {"Authorization": f"Bearer {create_token(user, 'script')[1]}"}


def _post(path: str, body: dict[str, str], auth: dict[str, str]) -> Any:
    return Client().post(path, body, content_type="application/json", headers=auth)


def _run_queued_fetches() -> None:
    """What the worker does with each queued fetch (a real worker run: community/tests/test_submit_concurrency.py)."""
    for pk in Submission.objects.filter(status=SubmissionStatus.QUEUED).values_list("pk", flat=True):
        process_submission(pk)


def test_it_queues_a_new_paper_and_says_where_it_will_appear(arxiv_server, auth: dict[str, str]) -> None:
    queued = _post("/api/papers/index", {"arxivId": HEAT_BATH}, auth)

    assert queued.status_code == 202 and queued["Location"] == f"/api/papers/{HEAT_BATH}"
    assert queued.json()["status"] == "queued" and queued.json()["arxivId"] == HEAT_BATH
    assert arxiv_server.requests == []  # the request did not wait for arXiv
    assert Client().get(queued["Location"]).status_code == 404

    _run_queued_fetches()

    shown = Client().get(queued["Location"])
    assert shown.status_code == 200 and shown.json()["title"] == "Heat-bath random walks with Markov bases"
    again = _post("/api/papers/index", {"arxivId": "arXiv:1605.08386v1"}, auth)
    assert again.status_code == 200 and again.json()["id"] == HEAT_BATH
    assert len(arxiv_server.requests) == 1, "a paper already in the catalogue is not fetched again"
    assert not DailyEntry.objects.exists()  # indexing adds to the catalogue, not to a list


def test_it_submits_through_the_worker_and_reports_the_outcome(arxiv_server, auth: dict[str, str], settings) -> None:
    settings.SUBMIT_MAX_AGE_DAYS = 100_000
    queued = _post("/api/v1/submissions", {"arxiv_id": HEAT_BATH}, auth)

    assert queued.status_code == 202 and queued.json()["status"] == "queued"
    status_url = queued["Location"]
    assert Client().get(status_url, headers=auth).json()["status"] == "queued"

    _run_queued_fetches()

    done = Client().get(status_url, headers=auth).json()
    assert done["status"] == "done" and done["paper"] == f"/api/v1/papers/{HEAT_BATH}"
    assert DailyEntry.objects.filter(paper__arxiv_id=HEAT_BATH, submitter__username="indexer").exists()
    other = get_user_model().objects.create_user("other", "other@example.org")
    assert (
        Client().get(status_url, headers={"Authorization": f"Bearer {create_token(other, 'x')[1]}"}).status_code == 404
    )


def test_it_reports_why_the_worker_refused_an_old_paper(arxiv_server, auth: dict[str, str]) -> None:
    queued = _post("/api/v1/submissions", {"arxiv_id": HEAT_BATH}, auth)
    _run_queued_fetches()

    refused = Client().get(queued["Location"], headers=auth).json()
    assert refused["status"] == "refused" and "first published on 2016-05-26" in refused["detail"]
    assert not DailyEntry.objects.exists()


def test_it_answers_503_with_retry_after_on_every_path_while_arxiv_is_down(
    settings: Any, auth: dict[str, str], client: Client
) -> None:
    settings.ARXIV_API_URL = "http://127.0.0.1:9/api/query"  # nothing listens on the discard port
    settings.ARXIV_REQUEST_INTERVAL = 0
    first = _post("/api/v1/submissions", {"arxiv_id": HEAT_BATH}, auth)
    _run_queued_fetches()
    assert Client().get(first["Location"], headers=auth).json()["status"] == "unavailable"

    index = _post("/api/papers/index", {"arxivId": "1707.08567"}, auth)
    submission = _post("/api/v1/submissions", {"arxiv_id": "1707.08567"}, auth)
    client.force_login(get_user_model().objects.get(username="indexer"))
    page = client.post("/submit", {"arxiv": "1707.08567"})

    for answer in (index, submission, page):
        assert answer.status_code == 503 and 0 < int(answer["Retry-After"]) <= 60
    assert index.json()["error"] == submission.json()["error"] == "upstream_unavailable"
    assert "arXiv cannot be reached right now" in index.json()["detail"]
    assert not Paper.objects.exists()


def test_it_answers_503_with_retry_after_when_the_queue_is_full(arxiv_server, auth: dict[str, str], settings) -> None:
    settings.SUBMIT_QUEUE_LIMIT = 1
    assert _post("/api/papers/index", {"arxivId": HEAT_BATH}, auth).status_code == 202

    for answer in (
        _post("/api/papers/index", {"arxivId": "1707.08567"}, auth),
        _post("/api/v1/submissions", {"arxiv_id": "1707.08567"}, auth),
    ):
        assert answer.status_code == 503 and int(answer["Retry-After"]) >= 5
        assert answer.json()["error"] == "queue_full"
    assert arxiv_server.requests == []
