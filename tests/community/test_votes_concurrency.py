"""Concurrent clicks on both databases: the total must stay exact."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection, connections

from paperwire.community.models import Upvote
from paperwire.community.votes import set_upvote, toggle_upvote
from paperwire.papers.models import Paper
from tests.papers.factories import make_paper

VOTERS = 8
CLICKS_PER_VOTER = 6


def _run_together(jobs: list[Callable[[], None]]) -> list[BaseException]:
    """Start every job at once (a barrier) in its own thread with its own connection."""
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job: Callable[[], None]) -> None:
        try:
            barrier.wait()
            job()
        except BaseException as exc:  # reported by the test, not lost in a thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@pytest.mark.django_db(transaction=True)
def test_it_counts_exactly_under_concurrent_clicks(django_user_model):
    paper = make_paper(upvotes=100, list_date=date(2025, 1, 2))
    voters = [
        django_user_model.objects.create_user(f"voter{i}", f"v{i}@example.org", "a-long-password-1")
        for i in range(VOTERS)
    ]
    twin = django_user_model.objects.create_user("twin", "twin@example.org", "a-long-password-1")

    jobs: list[Callable[[], None]] = []
    for voter in voters:
        # An even number of toggles ends where it began; the final "up" makes
        # every voter's end state known, so the expected total is exact.
        def clicks(voter=voter) -> None:
            for _ in range(CLICKS_PER_VOTER):
                toggle_upvote(voter, paper.pk)
            set_upvote(voter, paper.pk, on=True)

        jobs.append(clicks)
    # The same person double-submitting the same state from several tabs at once.
    jobs.extend(lambda: set_upvote(twin, paper.pk, on=True) and None for _ in range(4))

    errors = _run_together(jobs)
    assert errors == []
    connection.close()

    paper = Paper.objects.get(pk=paper.pk)
    local = Upvote.objects.filter(paper=paper).count()
    assert local == VOTERS + 1
    assert paper.upvote_count == 100 + local
