"""Paper.objects' shared queries: what counts as listed, a period's lists, a submitter's papers, the orders."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from paperwire.lib.periods import parse_week
from paperwire.papers.models import DailyEntry, Paper
from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db


def ids(papers: Any) -> list[str]:
    return [paper.arxiv_id for paper in papers]


def test_it_lists_only_visible_papers_that_are_on_a_list() -> None:
    make_paper(arxiv_id="2501.00001", list_date=date(2025, 6, 10))
    make_paper(arxiv_id="2501.00002", list_date=date(2025, 6, 10), hidden=True)
    make_paper(arxiv_id="2501.00003")

    assert ids(Paper.objects.listed().order_by("arxiv_id")) == ["2501.00001"]
    assert ids(Paper.objects.visible().order_by("arxiv_id")) == ["2501.00001", "2501.00003"]


def test_it_loads_entries_and_submitters_with_the_papers(django_assert_num_queries: Any) -> None:
    for number in range(3):
        paper = make_paper(arxiv_id=f"2501.0000{number}", list_date=date(2025, 6, 10))
        user = get_user_model().objects.create_user(f"reader{number}")
        DailyEntry.objects.filter(paper=paper).update(submitter=user)

    with django_assert_num_queries(1):
        names = [paper.daily_entry.submitter_display for paper in Paper.objects.listed().order_by("arxiv_id")]

    assert names == ["reader0", "reader1", "reader2"]


def test_it_takes_a_periods_first_day_and_leaves_the_day_after_its_last() -> None:
    week = parse_week("2025-W24")  # Monday 9 June to Sunday 15 June
    make_paper(arxiv_id="2501.00001", list_date=date(2025, 6, 8))
    make_paper(arxiv_id="2501.00002", list_date=date(2025, 6, 9))
    make_paper(arxiv_id="2501.00003", list_date=date(2025, 6, 15))
    make_paper(arxiv_id="2501.00004", list_date=date(2025, 6, 16))

    assert ids(Paper.objects.listed().in_period(week).order_by("arxiv_id")) == ["2501.00002", "2501.00003"]


def test_it_finds_a_submitters_papers_by_local_user_name_or_imported_name() -> None:
    local = make_paper(arxiv_id="2501.00001", list_date=date(2025, 6, 10))
    DailyEntry.objects.filter(paper=local).update(submitter=get_user_model().objects.create_user("ada"))
    make_paper(arxiv_id="2501.00002", list_date=date(2025, 6, 10), submitter_name="ada")
    make_paper(arxiv_id="2501.00003", list_date=date(2025, 6, 10), submitter_name="alan")

    assert ids(Paper.objects.listed().submitted_by("ada").order_by("arxiv_id")) == ["2501.00001", "2501.00002"]


def june(day: int) -> datetime:
    return datetime(2025, 6, day, tzinfo=UTC)


def test_it_orders_a_list_by_upvotes_or_date_and_falls_back_to_upvotes() -> None:
    make_paper(arxiv_id="2501.00001", list_date=date(2025, 6, 10), upvotes=1, published=june(3))
    make_paper(arxiv_id="2501.00002", list_date=date(2025, 6, 10), upvotes=5, published=june(1))
    make_paper(arxiv_id="2501.00003", list_date=date(2025, 6, 10), upvotes=5, published=june(2))

    listed = Paper.objects.listed()

    assert ids(listed.in_list_order("upvotes")) == ["2501.00002", "2501.00003", "2501.00001"]
    assert ids(listed.in_list_order("date")) == ["2501.00001", "2501.00003", "2501.00002"]
    assert ids(listed.in_list_order("no-such-sort")) == ids(listed.in_list_order("upvotes"))


def test_it_walks_lists_newest_day_first_and_the_catalogue_undated_papers_last() -> None:
    make_paper(arxiv_id="2501.00001", list_date=date(2025, 6, 9), upvotes=9, published=None)
    make_paper(arxiv_id="2501.00002", list_date=date(2025, 6, 10), upvotes=1, published=june(2))
    make_paper(arxiv_id="2501.00003", list_date=date(2025, 6, 10), upvotes=2, published=june(1))

    assert ids(Paper.objects.listed().newest_lists_first()) == ["2501.00003", "2501.00002", "2501.00001"]
    assert ids(Paper.objects.catalogue_order()) == ["2501.00002", "2501.00003", "2501.00001"]
