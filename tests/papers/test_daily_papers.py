"""The daily papers across lists (HF's daily_papers): newest lists first, or trending over a window."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from paperwire.lib.periods import parse_day, parse_week
from paperwire.papers.daily_papers import TRENDING_DEPTH, daily_papers
from paperwire.papers.models import Paper
from paperwire.papers.trending import trending_window
from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 6, 12, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _formula(settings: Any) -> None:
    settings.TRENDING_GRAVITY = 1.8
    settings.TRENDING_COMMENT_WEIGHT = 2.0


def ids(papers: list[Paper]) -> list[str]:
    return [paper.arxiv_id for paper in papers]


def fetch(**kwargs: Any) -> list[str]:
    query: dict[str, Any] = {"period": None, "submitter": None, "sort": "newest", "page": 0, "limit": 50, "now": NOW}
    return ids(daily_papers(**{**query, **kwargs}))


def test_it_walks_the_lists_newest_day_first_most_upvoted_first_within_a_day() -> None:
    make_paper(arxiv_id="2506.00001", list_date=date(2025, 6, 9), upvotes=50)
    make_paper(arxiv_id="2506.00002", list_date=date(2025, 6, 10), upvotes=1)
    make_paper(arxiv_id="2506.00003", list_date=date(2025, 6, 10), upvotes=7)
    make_paper(arxiv_id="2506.00004", list_date=date(2025, 6, 10), upvotes=99, hidden=True)

    assert fetch() == ["2506.00003", "2506.00002", "2506.00001"]
    assert fetch(page=1, limit=2) == ["2506.00001"]
    assert fetch(period=parse_day("2025-06-09")) == ["2506.00001"]


def test_it_ranks_trending_papers_of_the_latest_week_of_lists_when_no_period_is_named() -> None:
    make_paper(arxiv_id="2506.00001", listed_at=datetime(2025, 6, 11, 8, tzinfo=UTC), upvotes=5)
    make_paper(arxiv_id="2506.00002", listed_at=datetime(2025, 6, 4, 8, tzinfo=UTC), upvotes=40)
    make_paper(arxiv_id="2506.00003", listed_at=datetime(2025, 6, 3, 8, tzinfo=UTC), upvotes=900)  # a week too old

    assert trending_window(None, NOW) == (datetime(2025, 6, 5, tzinfo=UTC), datetime(2025, 6, 12, tzinfo=UTC))
    assert fetch(sort="trending") == ["2506.00001"]
    assert fetch(sort="trending", period=parse_week("2025-W23")) == ["2506.00003", "2506.00002"]


def test_it_narrows_trending_to_one_submitter_and_stops_at_the_ranking_depth() -> None:
    make_paper(arxiv_id="2506.00001", list_date=date(2025, 6, 10), upvotes=9, submitter_name="ada")
    make_paper(arxiv_id="2506.00002", list_date=date(2025, 6, 10), upvotes=50, submitter_name="alan")
    make_paper(arxiv_id="2506.00003", list_date=date(2025, 6, 10), upvotes=3, submitter_name="ada")

    assert fetch(sort="trending", submitter="ada") == ["2506.00001", "2506.00003"]
    assert fetch(sort="trending", page=TRENDING_DEPTH // 50) == []


def test_it_has_nothing_to_rank_before_anything_is_listed() -> None:
    assert trending_window(None, NOW) is None
    assert fetch(sort="trending") == []


def test_it_refuses_a_sort_it_does_not_know() -> None:
    with pytest.raises(ValueError, match="unknown sort 'publishedAt'"):
        fetch(sort="publishedAt")
