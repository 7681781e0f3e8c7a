from __future__ import annotations

from datetime import UTC, datetime

import pytest

from paperwire.ingest.harvest import harvest_recent
from paperwire.ingest.tasks import harvest_recent_task
from paperwire.ops.schedule import registered_jobs
from paperwire.papers.models import Paper

pytestmark = pytest.mark.django_db

NOW = datetime(2017, 12, 16, 6, 0, tzinfo=UTC)


def test_it_harvests_the_configured_sets_from_two_days_back(arxiv_server, settings):
    settings.ARXIV_HARVEST_SETS = ["physics:hep-th"]
    arxiv_server.serve_oai_pages("arxiv-physics-hep-th.xml")

    first = harvest_recent(NOW)
    again = harvest_recent(NOW)

    assert first is not None and first.summary() == "added 3, updated 0, unchanged 0, rejected 0"
    assert again is not None and again.summary() == "added 0, updated 0, unchanged 3, rejected 0"
    assert arxiv_server.requests[0][1] == {
        "verb": "ListRecords",
        "metadataPrefix": "arXiv",
        "from": "2017-12-14",
        "set": "physics:hep-th",
    }
    assert Paper.objects.count() == 3


def test_it_does_nothing_without_configured_sets(arxiv_server, settings):
    settings.ARXIV_HARVEST_SETS = []

    assert harvest_recent(NOW) is None
    assert arxiv_server.requests == []


def test_it_is_a_periodic_job_of_the_worker():
    jobs = {job.name: job for job in registered_jobs()}

    assert jobs["ingest.harvest_recent"].task is harvest_recent_task
