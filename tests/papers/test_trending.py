"""The trending formula and ranking, with time frozen so the order is pinned."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from paperwire.papers.models import Paper
from paperwire.papers.trending import (
    _rank,
    list_time,
    resolve_window,
    trending_for_window,
    trending_papers,
    trending_score,
    votes_score,
)
from tests.papers.factories import make_paper

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _formula(settings: Any) -> None:
    # Pin the documented defaults so an operator's environment cannot change the expected order.
    settings.TRENDING_GRAVITY = 1.8
    settings.TRENDING_COMMENT_WEIGHT = 2.0


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def listed(arxiv_id: str, *, at: datetime, upvotes: int = 0, comments: int = 0, **fields: Any) -> Paper:
    return make_paper(
        arxiv_id=arxiv_id, listed_at=at, upvotes=upvotes, comment_count=comments, comments_imported=comments, **fields
    )


def ids(papers: list[Paper]) -> list[str]:
    return [p.arxiv_id for p in papers]


def test_it_scores_with_the_documented_formula() -> None:
    assert trending_score(10, 0, 4.0) == pytest.approx(11 / 6**1.8)
    assert trending_score(2, 1, 1.0) == pytest.approx(5 / 3**1.8)
    # A paper "from the future" (clock skew) counts as brand new, not as infinitely fresh.
    assert trending_score(3, 0, -5.0) == trending_score(3, 0, 0.0) == pytest.approx(4 / 2**1.8)


def test_it_scores_longer_windows_by_points_without_an_age_term() -> None:
    assert votes_score(45, 0) == 45
    assert votes_score(40, 3) == 46
    assert votes_score(-1, 0) == 0


def test_it_lets_the_operator_tune_gravity(settings: Any) -> None:
    settings.TRENDING_GRAVITY = 1.0
    assert trending_score(10, 0, 4.0) == pytest.approx(11 / 6)


def test_it_measures_age_from_submission_then_list_day_then_publication() -> None:
    submitted = datetime(2025, 3, 10, 9, 30, tzinfo=UTC)
    published = datetime(2025, 3, 1, tzinfo=UTC)
    assert list_time(submitted, date(2025, 3, 10), published) == submitted
    assert list_time(None, date(2025, 3, 10), published) == datetime(2025, 3, 10, tzinfo=UTC)
    assert list_time(None, None, published) == published


@pytest.mark.django_db
def test_it_pins_the_order_of_fresh_attention_over_old_votes_within_a_day(frozen: None) -> None:
    listed("2503.00001", at=datetime(2025, 3, 10, 6, tzinfo=UTC), upvotes=10)  # 11 / 8^1.8    = 0.262
    listed("2503.00002", at=datetime(2025, 3, 10, 0, tzinfo=UTC), upvotes=50)  # 51 / 14^1.8   = 0.440
    listed("2503.00003", at=datetime(2025, 3, 10, 11, tzinfo=UTC), upvotes=2, comments=1)  # 5 / 3^1.8 = 0.692
    listed("2503.00004", at=datetime(2025, 3, 10, 1, tzinfo=UTC), upvotes=30)  # 31 / 13^1.8   = 0.305
    listed("2503.00005", at=datetime(2025, 3, 10, 8, tzinfo=UTC), upvotes=0)  # 1 / 6^1.8      = 0.040
    listed("2503.00006", at=datetime(2025, 3, 10, 8, tzinfo=UTC), upvotes=999, hidden=True)
    listed("2503.00007", at=datetime(2025, 3, 9, 8, tzinfo=UTC), upvotes=500)  # the day before: not today

    papers = trending_papers(datetime(2025, 3, 10, tzinfo=UTC), datetime(2025, 3, 11, tzinfo=UTC), limit=10)

    assert ids(papers) == ["2503.00003", "2503.00002", "2503.00004", "2503.00001", "2503.00005"]
    assert papers[0].trending_score == pytest.approx(5 / 3**1.8)  # type: ignore[attr-defined]


def the_reviewed_week() -> None:
    """Today's 1-upvote papers, and papers with many more votes from earlier in the week and month."""
    listed("2503.10001", at=datetime(2025, 3, 10, 9, tzinfo=UTC), upvotes=1)
    listed("2503.10002", at=datetime(2025, 3, 10, 10, tzinfo=UTC), upvotes=1)
    listed("2503.10003", at=datetime(2025, 3, 10, 2, tzinfo=UTC), upvotes=5)
    listed("2503.10045", at=datetime(2025, 3, 5, 8, tzinfo=UTC), upvotes=45)
    listed("2503.10060", at=datetime(2025, 3, 6, 8, tzinfo=UTC), upvotes=60)
    listed("2503.10062", at=datetime(2025, 3, 7, 8, tzinfo=UTC), upvotes=62)
    listed("2503.10046", at=datetime(2025, 3, 8, 8, tzinfo=UTC), upvotes=40, comments=3)  # 40 + 2 × 3 = 46
    listed("2502.10061", at=datetime(2025, 2, 12, 8, tzinfo=UTC), upvotes=61)  # this month, not this week
    listed("2502.10500", at=datetime(2025, 2, 1, 8, tzinfo=UTC), upvotes=500)  # before this month


@pytest.mark.django_db
def test_it_ranks_this_week_and_this_month_by_the_votes_gathered_not_by_freshness(frozen: None) -> None:
    the_reviewed_week()

    _, week = trending_for_window("week")
    _, month = trending_for_window("month")

    # Equal votes (the two 1-vote papers of today): the later listed first.
    assert ids(week) == [
        "2503.10062",
        "2503.10060",
        "2503.10046",
        "2503.10045",
        "2503.10003",
        "2503.10002",
        "2503.10001",
    ]
    assert ids(month) == [
        "2503.10062",
        "2502.10061",
        "2503.10060",
        "2503.10046",
        "2503.10045",
        "2503.10003",
        "2503.10002",
        "2503.10001",
    ]
    assert [p.trending_score for p in week[:3]] == [62, 60, 46]  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_it_keeps_the_gravity_formula_for_today(frozen: None) -> None:
    the_reviewed_week()

    _, today = trending_for_window("day")

    # 2 / 4^1.8 = 0.164, 2 / 5^1.8 = 0.110, 6 / 12^1.8 = 0.068: fresh attention beats five older votes.
    assert ids(today) == ["2503.10002", "2503.10001", "2503.10003"]


@pytest.mark.django_db
def test_it_breaks_ties_by_upvotes_then_comments_then_arxiv_id(frozen: None) -> None:
    at = datetime(2025, 3, 10, 6, tzinfo=UTC)
    # All four have 5 points at the same age, hence the same score.
    listed("2503.00020", at=at, upvotes=2, comments=1)
    listed("2503.00011", at=at, upvotes=4)
    listed("2503.00012", at=at, upvotes=4)
    listed("2503.00010", at=at, upvotes=0, comments=2)

    papers = trending_papers(datetime(2025, 3, 10, tzinfo=UTC), datetime(2025, 3, 11, tzinfo=UTC), limit=10)

    assert ids(papers) == ["2503.00011", "2503.00012", "2503.00020", "2503.00010"]


@pytest.mark.django_db
def test_it_only_ranks_papers_listed_inside_the_window(frozen: None) -> None:
    listed("2503.00001", at=datetime(2025, 3, 8, 8, tzinfo=UTC), upvotes=1)
    listed("2503.00002", at=datetime(2025, 3, 9, 23, tzinfo=UTC), upvotes=1)
    listed("2503.00003", at=datetime(2025, 3, 10, 1, tzinfo=UTC), upvotes=1)
    make_paper(arxiv_id="2503.00004", upvotes=500)  # in the catalogue but never on a list

    day_9 = trending_papers(datetime(2025, 3, 9, tzinfo=UTC), datetime(2025, 3, 10, tzinfo=UTC), limit=10)
    # Bounds inside a day: a list day counts from its midnight, so 9 March 07:00 .. 10 March 07:00 is the 10th.
    shifted = trending_papers(datetime(2025, 3, 9, 7, tzinfo=UTC), datetime(2025, 3, 10, 7, tzinfo=UTC), limit=10)

    assert ids(day_9) == ["2503.00002"]
    assert ids(shifted) == ["2503.00003"]
    assert trending_papers(NOW, NOW, limit=10) == []


@pytest.mark.django_db
def test_it_returns_at_most_limit_papers_in_two_queries(frozen: None, django_assert_num_queries: Any) -> None:
    for n in range(12):
        listed(f"2503.{n:05d}", at=datetime(2025, 3, 10, n % 12, tzinfo=UTC), upvotes=n)

    with django_assert_num_queries(2):
        papers = trending_papers(datetime(2025, 3, 10, tzinfo=UTC), datetime(2025, 3, 11, tzinfo=UTC), limit=3)
        entries = [p.daily_entry.list_date for p in papers]  # loaded with the papers, no extra query

    assert len(papers) == 3
    assert entries == [date(2025, 3, 10)] * 3
    assert trending_papers(datetime(2025, 3, 10, tzinfo=UTC), datetime(2025, 3, 11, tzinfo=UTC), limit=0) == []


@pytest.mark.django_db
def test_it_ends_windows_today_when_today_has_a_list(frozen: None) -> None:
    listed("2503.00001", at=datetime(2025, 3, 10, 8, tzinfo=UTC))

    day, week, month = (resolve_window(name) for name in ("day", "week", "month"))

    assert (day.first_day, day.last_day, day.moved_back) == (date(2025, 3, 10), date(2025, 3, 10), False)
    assert (week.first_day, week.last_day) == (date(2025, 3, 4), date(2025, 3, 10))
    assert (month.first_day, month.last_day) == (date(2025, 2, 9), date(2025, 3, 10))


@pytest.mark.django_db
def test_it_moves_windows_back_to_the_latest_list_and_scores_as_of_then(frozen: None) -> None:
    # Nothing since 7 March: "today" is the 7th, ages are measured to the end of that day.
    listed("2503.00001", at=datetime(2025, 3, 7, 20, tzinfo=UTC), upvotes=3)  # 4 / 6^1.8  = 0.159
    listed("2503.00002", at=datetime(2025, 3, 7, 4, tzinfo=UTC), upvotes=10)  # 11 / 22^1.8 = 0.042
    listed("2503.00003", at=datetime(2025, 3, 6, 4, tzinfo=UTC), upvotes=90)
    listed("2503.00004", at=datetime(2025, 3, 11, 4, tzinfo=UTC), upvotes=90)  # listed ahead of time: ignored

    window, papers = trending_for_window("day")

    assert window.moved_back and window.last_day == date(2025, 3, 7)
    assert ids(papers) == ["2503.00001", "2503.00002"]
    # Measured to now (3 days later) the 10-vote paper would lead; the window keeps the order of its day.
    assert trending_score(10, 0, 80) > trending_score(3, 0, 64)


@pytest.mark.django_db
def test_it_rejects_an_unknown_window() -> None:
    with pytest.raises(ValueError, match="use one of day, week, month"):
        resolve_window("year")


ages = st.floats(min_value=0, max_value=24 * 400, allow_nan=False)
counts = st.integers(min_value=0, max_value=100_000)


@given(upvotes=counts, comments=counts, age=ages, extra=st.integers(min_value=1, max_value=1000))
def test_it_never_ranks_a_paper_lower_for_more_attention(upvotes: int, comments: int, age: float, extra: int) -> None:
    base = trending_score(upvotes, comments, age)
    assert trending_score(upvotes + extra, comments, age) > base
    assert trending_score(upvotes, comments + extra, age) > base
    assert trending_score(upvotes, comments, age + extra) < base


rows = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=50),
        st.integers(min_value=0, max_value=5),
        st.integers(min_value=0, max_value=72),  # hours before NOW
    ),
    min_size=1,
    max_size=30,
)


@given(papers=rows, seed=st.randoms(use_true_random=False), by_votes=st.booleans())
def test_it_orders_the_same_whatever_order_the_database_returns(
    papers: list[tuple[int, int, int]], seed: Any, by_votes: bool
) -> None:
    data = [
        (n, f"2503.{n:05d}", up, com, 0, NOW - timedelta(hours=hours), (NOW - timedelta(hours=hours)).date())
        for n, (up, com, hours) in enumerate(papers)
    ]
    shuffled = list(data)
    seed.shuffle(shuffled)

    ranked = [c.pk for c in _rank(data, NOW, by_votes=by_votes)]
    assert [c.pk for c in _rank(shuffled, NOW, by_votes=by_votes)] == ranked
