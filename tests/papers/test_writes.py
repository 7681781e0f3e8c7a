from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.conf import settings
from django.db.models import F

from paperwire.papers.models import DailyEntry, Paper
from paperwire.papers.records import DailyRecord, PaperRecord
from paperwire.papers.writes import upsert_papers

pytestmark = pytest.mark.django_db

# Django caps SQLite statements at 999 parameters, so a batch takes more (still
# bounded) INSERT statements there than on PostgreSQL.
WRITES_PER_1000 = 10 if settings.USING_POSTGRES else 60


def record(arxiv_id: str = "2401.01234", version: int | None = 1, **meta: object) -> PaperRecord:
    fields: dict[str, object] = {"title": "A paper", "abstract": "About things.", "authors": ["Ada Lovelace"]}
    fields.update(meta)
    return PaperRecord(arxiv_id=arxiv_id, version=version, meta=fields)


def test_it_adds_a_paper_then_reports_the_same_data_unchanged():
    first = upsert_papers([record()])
    again = upsert_papers([record()])

    assert (first.added, first.updated, first.unchanged) == (1, 0, 0)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 1)
    paper = Paper.objects.get(arxiv_id="2401.01234")
    assert paper.title == "A paper"
    assert paper.authors == ["Ada Lovelace"]


def test_it_takes_a_newer_version_and_never_goes_back_to_an_older_one():
    upsert_papers([record(version=1, title="Draft title")])
    newer = upsert_papers([record(version=2, title="Final title")])
    older = upsert_papers([record(version=1, title="Draft title")])

    paper = Paper.objects.get(arxiv_id="2401.01234")
    assert (newer.updated, older.unchanged) == (1, 1)
    assert (paper.version, paper.title) == (2, "Final title")


def test_it_ignores_a_record_dated_before_the_stored_one():
    late = datetime(2024, 3, 1, tzinfo=UTC)
    upsert_papers([record(version=None, title="Revised", updated=late)])
    result = upsert_papers([record(version=None, title="Original", updated=datetime(2024, 1, 1, tzinfo=UTC))])

    assert result.unchanged == 1
    assert Paper.objects.get().title == "Revised"


def test_it_lets_unversioned_records_fill_blanks_only():
    upsert_papers([record(version=2, title="arXiv title", abstract="")])
    hf = PaperRecord(
        arxiv_id="2401.01234",
        meta={"title": "HF title", "abstract": "HF abstract"},
        extra={"github_repo": "https://github.com/a/b", "keywords": ["graphs"]},
    )
    result = upsert_papers([hf])

    paper = Paper.objects.get()
    assert result.updated == 1
    assert paper.title == "arXiv title"
    assert paper.abstract == "HF abstract"
    assert paper.github_repo == "https://github.com/a/b"
    assert paper.keywords == ["graphs"]


def test_it_moves_upvote_totals_by_the_imported_delta_keeping_local_votes():
    upsert_papers([PaperRecord(arxiv_id="2401.01234", meta={"title": "T"}, upvotes=10, num_comments=2)])
    # Three local votes and one local comment since the import.
    Paper.objects.update(upvote_count=F("upvote_count") + 3, comment_count=F("comment_count") + 1)

    grown = upsert_papers([PaperRecord(arxiv_id="2401.01234", meta={"title": "T"}, upvotes=15, num_comments=4)])
    shrunk = upsert_papers([PaperRecord(arxiv_id="2401.01234", meta={"title": "T"}, upvotes=12, num_comments=1)])

    paper = Paper.objects.get()
    assert (grown.updated, shrunk.unchanged) == (1, 1)
    assert (paper.upvotes_imported, paper.upvote_count) == (15, 18)
    assert (paper.comments_imported, paper.comment_count) == (4, 5)
    assert grown.papers is not None and grown.papers["2401.01234"].upvote_count == 18


def test_it_moves_a_relisted_paper_to_the_latest_day_and_its_submitter():
    def listed(day: int, who: str) -> PaperRecord:
        return PaperRecord(
            arxiv_id="2401.01234",
            meta={"title": "T"},
            daily=DailyRecord(list_date=date(2024, 1, day), submitter_name=who),
        )

    upsert_papers([listed(10, "first")])
    moved = upsert_papers([listed(12, "again")])
    kept = upsert_papers([listed(3, "older file read again")])

    entry = DailyEntry.objects.get()
    assert (moved.updated, kept.unchanged) == (1, 1)
    assert (entry.list_date, entry.submitter_name) == (date(2024, 1, 12), "again")


def test_it_leaves_a_local_submission_alone():
    paper = Paper.objects.create(arxiv_id="2401.01234", title="T")
    DailyEntry.objects.create(paper=paper, list_date=date(2024, 1, 10), source="local")
    upsert_papers(
        [PaperRecord(arxiv_id="2401.01234", meta={"title": "T"}, daily=DailyRecord(list_date=date(2024, 1, 2)))]
    )

    assert DailyEntry.objects.get().list_date == date(2024, 1, 10)


def test_it_writes_a_thousand_new_papers_in_a_few_queries(django_assert_max_num_queries):
    records = [
        PaperRecord(
            arxiv_id=f"2401.{n:05d}",
            version=1,
            meta={"title": f"Paper {n}"},
            daily=DailyRecord(list_date=date(2024, 1, 2)),
        )
        for n in range(1000)
    ]
    with django_assert_max_num_queries(WRITES_PER_1000):
        result = upsert_papers(records)

    assert result.added == 1000
    assert DailyEntry.objects.count() == 1000


def test_it_updates_a_thousand_papers_in_a_bounded_number_of_queries(django_assert_max_num_queries):
    upsert_papers([record(f"2401.{n:05d}", version=1) for n in range(1000)])
    with django_assert_max_num_queries(WRITES_PER_1000):
        result = upsert_papers([record(f"2401.{n:05d}", version=2, title="New") for n in range(1000)])

    assert result.updated == 1000
    assert Paper.objects.filter(title="New", version=2).count() == 1000


def test_it_counts_a_deletion_notice_for_an_unknown_paper_as_unchanged():
    result = upsert_papers([PaperRecord(arxiv_id="2401.01234", withdrawn=True)])

    assert result.unchanged == 1
    assert not Paper.objects.exists()
