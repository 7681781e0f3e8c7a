"""Imported ids paperwire lacks reach arXiv in batches, once, politely, within each person's quota.

Two real worker processes share the fetching against the local arXiv replay;
arXiv's one-request-per-3-seconds rule must hold between them.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from paperwire.community.models import Submission
from paperwire.library.imports import apply_import, fetch_pending
from paperwire.library.models import PendingImport, SavedPaper
from tests.support.processes import start_paperwire

pytestmark = pytest.mark.django_db(transaction=True)


def _ids(first: int, last: int) -> list[str]:
    return [f"2401.{number:05d}" for number in range(first, last + 1)]


def _api_requests(arxiv_server: Any) -> list[tuple[float, list[str]]]:
    return [
        (arrived, query.get("id_list", "").split(","))
        for (path, query), arrived in zip(arxiv_server.requests, arxiv_server.arrivals, strict=True)
        if path == "/api/query"
    ]


@pytest.mark.slow
def test_two_workers_fetch_200_imported_ids_in_two_requests_three_seconds_apart(
    arxiv_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    arxiv_server.synthesize_api()
    monkeypatch.setenv("PAPERWIRE_ARXIV_API_URL", arxiv_server.api_url)
    monkeypatch.setenv("PAPERWIRE_ARXIV_REQUEST_INTERVAL", "3")
    monkeypatch.setenv("PAPERWIRE_ARXIV_ENRICH", "0")
    # The workers also index the new papers; a model-free embedder keeps that quick.
    monkeypatch.setenv("PAPERWIRE_EMBEDDER", "paperwire.search.embedder.HashingEmbedder")
    alice = User.objects.create_user("alice", "alice@example.org")
    bob = User.objects.create_user("bob", "bob@example.org")
    # Bob's library shares 100 ids with Alice's: those are asked once, for both.
    apply_import(alice, "\n".join(_ids(1, 200)))
    apply_import(bob, "\n".join(_ids(101, 200)))
    assert arxiv_server.requests == []  # the request never waits for arXiv

    workers = [start_paperwire("worker", "--once") for _ in range(2)]
    try:
        outputs = [worker.communicate(timeout=300)[0] for worker in workers]
    finally:
        for worker in workers:
            if worker.poll() is None:  # one request per id would take 10 minutes
                worker.kill()
                worker.wait()

    assert [worker.returncode for worker in workers] == [0, 0], outputs
    asked = _api_requests(arxiv_server)
    assert len(asked) <= 2, [len(ids) for _, ids in asked]
    assert sorted(i for _, ids in asked for i in ids) == _ids(1, 200)
    arrivals = sorted(arrived for arrived, _ in asked)
    gaps = [later - earlier for earlier, later in itertools.pairwise(arrivals)]
    assert all(gap >= 3.0 for gap in gaps), gaps
    assert SavedPaper.objects.filter(user=alice).count() == 200
    assert SavedPaper.objects.filter(user=bob).count() == 100
    assert not PendingImport.objects.exclude(status=PendingImport.Status.DONE).exists()


def test_ids_arxiv_does_not_know_are_not_asked_again(arxiv_server: Any) -> None:
    unknown = {"2401.00002", "2401.00003"}
    arxiv_server.synthesize_api(unknown=unknown)
    alice = User.objects.create_user("alice", "alice@example.org")
    bob = User.objects.create_user("bob", "bob@example.org")
    apply_import(alice, "\n".join(_ids(1, 3)))
    [first] = PendingImport.objects.filter(user=alice).order_by("pk")[:1]

    fetch_pending(first.pk)  # what the worker's task runs: one request for all three

    assert len(_api_requests(arxiv_server)) == 1
    statuses = dict(PendingImport.objects.filter(user=alice).values_list("arxiv_id", "status"))
    assert statuses == {"2401.00001": "done", "2401.00002": "failed", "2401.00003": "failed"}
    # Importing the same failed ids again, or by someone else, answers from memory.
    report = apply_import(bob, "2401.00002\n2401.00003\n2401.00001")
    reasons = [reason for _, reason in report.not_understood]
    assert [reason.split(" (asked ")[0] for reason in reasons] == [
        "arXiv has no paper 2401.00002",
        "arXiv has no paper 2401.00003",
    ]
    assert [label for label, _ in report.matched] == ["line 3: 2401.00001"]
    assert not PendingImport.objects.filter(user=bob).exists()
    assert len(_api_requests(arxiv_server)) == 1


def test_each_persons_waiting_fetches_count_against_one_quota(settings: Any) -> None:
    settings.ARXIV_FETCHES_PER_PERSON = 5
    alice = User.objects.create_user("alice", "alice@example.org")
    Submission.objects.create(submitter=alice, arxiv_id="2402.00001", requested_at=timezone.now())  # waiting too

    report = apply_import(alice, "\n".join(_ids(1, 6)))

    assert [arxiv_id for _, arxiv_id in report.fetching] == _ids(1, 4)
    assert [label for label, _ in report.not_understood] == ["line 5: 2401.00005", "line 6: 2401.00006"]
    assert "you have 5 papers waiting for arXiv, the most one person can have" in report.not_understood[0][1]
    # Importing the same ids again takes no more of the quota.
    again = apply_import(alice, "\n".join(_ids(1, 4)))
    assert len(again.fetching) == 4 and not again.not_understood
