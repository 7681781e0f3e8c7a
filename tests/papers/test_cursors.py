"""Keyset paging of the catalogue: every paper once, in order, whatever is added meanwhile."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from paperwire.papers.cursors import Cursor, InvalidCursor, decode_cursor, page_after
from paperwire.papers.models import Paper
from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db


def test_it_pages_through_every_paper_once_with_undated_papers_last() -> None:
    for day in (1, 2, 2, 3):
        make_paper(published=datetime(2025, 6, day, tzinfo=UTC))
    make_paper(published=None)
    make_paper(published=None)
    expected = [paper.arxiv_id for paper in Paper.objects.catalogue_order()]

    seen: list[str] = []
    cursor: str | None = None
    while True:
        papers, cursor = page_after(Paper.objects.all(), cursor, 4 if not seen else 1)
        seen += [paper.arxiv_id for paper in papers]
        if cursor is None:
            break

    assert seen == expected
    assert len(set(seen)) == 6


def test_it_keeps_the_next_page_stable_when_newer_papers_arrive() -> None:
    for day in (1, 2, 3):
        make_paper(arxiv_id=f"2506.0000{day}", published=datetime(2025, 6, day, tzinfo=UTC))
    first, cursor = page_after(Paper.objects.all(), None, 2)

    make_paper(arxiv_id="2506.00009", published=datetime(2025, 6, 9, tzinfo=UTC))
    second, _ = page_after(Paper.objects.all(), cursor, 2)

    assert [p.arxiv_id for p in first] == ["2506.00003", "2506.00002"]
    assert [p.arxiv_id for p in second] == ["2506.00001"]


@pytest.mark.parametrize(
    "text",
    [
        "bad!",
        "zzz",
        Cursor(None, -1).encode(),
        Cursor(None, 2**63).encode(),
        Cursor(datetime(2025, 6, 1), 5).encode(),  # no time zone: never one of ours
        # Aware, but before year 1 or after year 9999 once in UTC.
        Cursor(datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))), 5).encode(),
        Cursor(datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-14))), 5).encode(),
    ],
)
def test_it_refuses_a_cursor_it_did_not_make(text: str) -> None:
    with pytest.raises(InvalidCursor):
        decode_cursor(text)
    assert issubclass(InvalidCursor, ValueError)
