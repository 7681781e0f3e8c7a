"""What cites a paper on a Hugging Face Hub, asked of a local replay of the Hub's listing API over HTTP."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from paperwire.ingest.hub_citations import PAGE_SIZE, refresh_citations, refresh_periodically
from paperwire.ops.schedule import registered_jobs
from paperwire.papers.citations import citations_of
from paperwire.papers.models import Paper
from tests.papers.factories import make_paper
from tests.support.hub_replay import hub_replay, hub_repo

pytestmark = pytest.mark.django_db

CITED = "2401.00001"


def _recent(arxiv_id: str, **fields: Any) -> Paper:
    return make_paper(arxiv_id=arxiv_id, list_date=timezone.now().date() - timedelta(days=2), **fields)


def _citing(models: int = 2) -> dict[str, dict[str, list[dict[str, Any]]]]:
    return {
        CITED: {
            "model": [hub_repo(f"org/model-{n}", likes=n, downloads=10 * n) for n in range(models)],
            "dataset": [hub_repo("org/corpus", likes=7, kind="dataset", downloads=99)],
            "space": [hub_repo("someone/demo", likes=3, kind="space")],
        }
    }


@pytest.fixture
def fast_hub(settings):
    settings.HF_HUB_REQUEST_INTERVAL = 0.0
    return settings


def test_each_recent_paper_gets_its_citing_models_datasets_and_spaces_in_three_requests(fast_hub):
    paper = _recent(CITED)
    with hub_replay(_citing()) as hub:
        run = refresh_citations(hub.base_url)

    assert [seen.path for seen in hub.requests] == ["/api/models", "/api/datasets", "/api/spaces"]
    assert {seen.query["filter"] for seen in hub.requests} == {f"arxiv:{CITED}"}
    assert (run.papers, run.requests, run.cited) == (1, 3, 1)
    paper.refresh_from_db()
    assert (paper.hub_models, paper.hub_datasets, paper.hub_spaces) == (2, 1, 1)
    citations = citations_of(paper)
    assert [row.repo_id for row in citations.models] == ["org/model-1", "org/model-0"], "most-liked first"
    assert [(row.hub_path, row.downloads) for row in citations.datasets] == [("datasets/org/corpus", 99)]
    assert citations.datasets[0].last_modified is not None
    assert [row.hub_path for row in citations.spaces] == ["spaces/someone/demo"]


def test_it_follows_the_hubs_link_header_through_every_page(fast_hub):
    paper = _recent(CITED)
    with hub_replay(_citing(models=PAGE_SIZE * 2 + 5)) as hub:
        run = refresh_citations(hub.base_url)

    model_requests = [seen for seen in hub.requests if seen.path == "/api/models"]
    assert [seen.query.get("cursor") for seen in model_requests] == [None, str(PAGE_SIZE), str(2 * PAGE_SIZE)]
    assert run.requests == 5
    paper.refresh_from_db()
    assert paper.hub_models == PAGE_SIZE * 2 + 5


def test_an_id_the_hub_does_not_know_is_asked_once_and_shows_no_citations(fast_hub):
    paper = _recent("2402.99999")
    with hub_replay(_citing()) as hub:
        run = refresh_citations(hub.base_url)
        again = refresh_citations(hub.base_url)

    assert (run.papers, run.requests, run.cited) == (1, 3, 0)
    assert (again.papers, again.requests) == (0, 0), "asked a moment ago: not due"
    paper.refresh_from_db()
    assert paper.hub_checked_at is not None
    assert (paper.hub_models, paper.hub_datasets, paper.hub_spaces) == (0, 0, 0)
    assert not citations_of(paper)


def test_a_429_is_waited_out_for_at_least_its_retry_after(fast_hub):
    _recent(CITED)
    with hub_replay(_citing()) as hub:
        hub.fail_next(429, retry_after=1)
        run = refresh_citations(hub.base_url)

    first, retried = hub.requests[0], hub.requests[1]
    assert retried.path == first.path == "/api/models"
    assert retried.at - first.at >= 1.0
    assert (run.papers, run.requests, run.error) == (1, 4, "")


def test_a_hub_that_stays_down_stops_the_run_and_the_paper_stays_due(fast_hub, monkeypatch):
    monkeypatch.setattr("paperwire.ingest.hf_client.ATTEMPTS", 2)
    monkeypatch.setattr("paperwire.ingest.hf_client.MIN_BACKOFF_SECONDS", 0.0)
    paper = _recent(CITED)
    _recent("2401.00002")
    with hub_replay(_citing()) as hub:
        hub.fail_next(500)
        hub.fail_next(500)
        run = refresh_citations(hub.base_url)

    assert run.papers == 0 and "HTTP 500" in run.error
    assert len(hub.requests) == 2, "the second paper is not asked while the Hub is down"
    paper.refresh_from_db()
    assert paper.hub_checked_at is None


def test_oldest_asked_first_and_a_bounded_number_of_papers_a_run(fast_hub):
    now = timezone.now()
    stale = _recent("2401.00003", hub_checked_at=now - timedelta(days=5))
    never = _recent("2401.00004")
    _recent("2401.00005", hub_checked_at=now - timedelta(hours=1))  # asked recently: not due
    make_paper(arxiv_id="2301.00001", list_date=(now - timedelta(days=90)).date())  # not recent
    with hub_replay({}) as hub:
        run = refresh_citations(hub.base_url, max_papers=1)
        asked_first = {seen.query["filter"] for seen in hub.requests}
        refresh_citations(hub.base_url)

    assert run.papers == 1 and asked_first == {f"arxiv:{never.arxiv_id}"}
    assert [seen.query["filter"] for seen in hub.requests[3:]] == [f"arxiv:{stale.arxiv_id}"] * 3


def test_without_a_hub_setting_nothing_is_asked(settings):
    settings.HF_HUB = ""
    paper = _recent(CITED)
    with hub_replay(_citing()) as hub:
        assert refresh_periodically() is None

    assert hub.requests == []
    paper.refresh_from_db()
    assert paper.hub_checked_at is None


def test_the_worker_refreshes_citations_as_a_periodic_job():
    assert "ingest.hub_citations" in {job.name for job in registered_jobs()}


def test_private_and_malformed_repositories_are_not_kept(fast_hub):
    paper = _recent(CITED)
    rows = [
        hub_repo("org/shown", likes=1),
        {**hub_repo("org/secret", likes=5), "private": True},
        {**hub_repo("../../evil", likes=9)},
        {"id": 42, "likes": "many"},
    ]
    with hub_replay({CITED: {"model": rows}}) as hub:
        refresh_citations(hub.base_url)

    assert [row.repo_id for row in citations_of(Paper.objects.get(pk=paper.pk)).models] == ["org/shown"]
