"""The largest import one person may send never stalls anyone else: SQLite has one writer.

Real threads on the real (file) database: one person imports 5,000 CSL JSON
items with 30 keywords each, another upvotes meanwhile. The import commits in
many small transactions, and each vote is answered at once.
"""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client

from paperwire.library.imports import MAX_ENTRIES, apply_import
from paperwire.library.models import SavedPaper, Tag
from paperwire.papers.models import Paper
from tests.support.worst_imports import TransactionClock, catalogue, keyword_heavy_csl_json

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def write_transactions() -> Iterator[TransactionClock]:
    clock = TransactionClock()
    uninstall = clock.install()
    yield clock
    uninstall()


@pytest.mark.slow
def test_another_persons_upvotes_are_answered_during_the_largest_import(
    write_transactions: TransactionClock, settings: Any
) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's single writer is what an import could stall")
    ids = catalogue(MAX_ENTRIES)
    alice = User.objects.create_user("alice", "alice@example.org")
    bob = User.objects.create_user("bob", "bob@example.org")
    paper_pks = list(Paper.objects.order_by("pk").values_list("pk", flat=True)[:40])
    text = keyword_heavy_csl_json(ids)
    outcome: dict[str, Any] = {}

    def import_library() -> None:
        client = Client()
        client.force_login(alice)
        response = client.post("/library/import", {"text": text, "keywords": "on"})
        outcome["status"] = response.status_code
        outcome["page"] = response.content.decode()

    importer = threading.Thread(target=import_library)
    write_transactions.thread = importer
    votes: list[tuple[int, float]] = []
    voter = Client()
    voter.force_login(bob)
    importer.start()
    for paper_pk in paper_pks:  # well within the vote rate limit (60 a minute)
        if not importer.is_alive():
            break
        started = time.perf_counter()
        votes.append((voter.post(f"/vote/{paper_pk}").status_code, time.perf_counter() - started))
        time.sleep(0.25)
    importer.join(timeout=600)

    assert outcome["status"] == 200
    assert SavedPaper.objects.filter(user=alice).count() == MAX_ENTRIES
    assert votes, "the import was over before the first vote"
    assert all(status == 302 for status, _ in votes), votes
    slowest = max(seconds for _, seconds in votes)
    assert slowest < 5.0, f"a vote waited {slowest:.1f} s behind the import"
    # Many small transactions, not one that holds the writer's lock throughout.
    held = write_transactions.held

    assert len(held) >= MAX_ENTRIES // 100, held
    # A loaded machine may stall any one commit (a WAL checkpoint, the scheduler): the
    # typical one is what an import is made of. The 100 ms target is bench/import_writes.py's.
    assert statistics.median(held) < 1.0, f"{len(held)} transactions, median {statistics.median(held):.2f} s"
    # The caps: at most IMPORT_NEW_TAGS new tags, and the page says why the rest were left out.
    assert Tag.objects.filter(user=alice).count() == settings.IMPORT_NEW_TAGS
    assert f"an import creates at most {settings.IMPORT_NEW_TAGS} new tags" in outcome["page"]


def test_a_library_never_holds_more_tags_than_the_limit(settings: Any) -> None:
    settings.TAGS_PER_PERSON = 12
    settings.IMPORT_NEW_TAGS = 5
    ids = catalogue(3)
    alice = User.objects.create_user("alice", "alice@example.org")

    first = apply_import(alice, keyword_heavy_csl_json(ids[:1]), keep_keywords=True, tag="mine")
    assert Tag.objects.filter(user=alice).count() == 5
    # The tag the person typed comes first; keywords fill the rest.
    assert Tag.objects.filter(user=alice, name="mine").exists()
    assert first.warnings and "15 tags not created" in first.warnings[0]

    apply_import(alice, keyword_heavy_csl_json(ids[1:2]), keep_keywords=True)
    third = apply_import(alice, keyword_heavy_csl_json(ids[2:]), keep_keywords=True)

    assert Tag.objects.filter(user=alice).count() == 12
    assert "a library holds at most 12 (yours has 12)" in third.warnings[0]
    assert SavedPaper.objects.filter(user=alice).count() == 3
