"""arXiv's one-request-per-interval rule holds for every thread and process asking at once: one shared slot."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection

from paperwire.ingest import arxiv_client
from paperwire.ingest.models import ArxivTurn

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_spaces_concurrent_turns_by_the_interval(settings) -> None:
    settings.ARXIV_REQUEST_INTERVAL = 0.2
    arxiv_client.wait_turn()  # whatever came before, the next turns are spaced from this one
    turns: list[float] = []

    def ask() -> None:
        try:
            arxiv_client.wait_turn()
            turns.append(time.time())
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    gaps = [later - earlier for earlier, later in zip(sorted(turns), sorted(turns)[1:], strict=False)]
    assert len(gaps) == 2 and all(gap >= 0.2 for gap in gaps), gaps


def test_a_turn_another_process_reserved_delays_this_one(settings) -> None:
    settings.ARXIV_REQUEST_INTERVAL = 0.5
    arxiv_client.wait_turn()
    # Another process (a second worker) reserved the turn one second from now: the row says so.
    ArxivTurn.objects.filter(pk=1).update(last_turn=time.time() + 1.0)

    started = time.time()
    arxiv_client.wait_turn()

    assert time.time() - started >= 1.5


def test_no_interval_asks_nothing_of_the_database(settings, django_assert_num_queries) -> None:
    settings.ARXIV_REQUEST_INTERVAL = 0
    with django_assert_num_queries(0):
        arxiv_client.wait_turn()
