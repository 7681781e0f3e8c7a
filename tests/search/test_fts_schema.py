"""SQLite: keyword search survives another app's migration re-creating papers_paper."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection

from paperwire.search.fts_schema import ensure_fts_triggers
from paperwire.search.service import search
from tests.papers.factories import make_paper

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(settings.USING_POSTGRES, reason="FTS5 triggers exist only on SQLite"),
]


def test_it_recreates_dropped_triggers_and_refills_the_index() -> None:
    assert ensure_fts_triggers() is False  # nothing to repair
    with connection.cursor() as cursor:
        # What Django's table rebuild does to triggers on SQLite.
        cursor.execute("DROP TRIGGER search_paper_fts_ai")
    make_paper(title="Papers added while the trigger was missing")
    assert search("missing", mode="keyword").items == []

    assert ensure_fts_triggers() is True
    assert [hit.paper.title for hit in search("missing", mode="keyword").items] == [
        "Papers added while the trigger was missing"
    ]
    make_paper(title="And papers added after the repair")
    assert len(search("repair", mode="keyword").items) == 1
