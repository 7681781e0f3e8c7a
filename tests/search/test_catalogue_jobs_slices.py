"""The jobs that walk the catalogue (title keys, author index) work in slices, and a small import costs little.

A sync after a small import must not pay again for the large import before
it (its papers are still inside the sync's overlap): the number of queries
is the same whether that import brought 2,500 papers or 5,000. And a sync cut
by its slice's deadline resumes where it stopped, from the state its task
queues, until every paper is keyed and indexed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from paperwire.papers.authors import sync_author_index, sync_author_index_until
from paperwire.papers.models import Paper, PaperAuthor
from paperwire.papers.tasks import sync_author_index_task
from paperwire.search.models import TitleKey
from paperwire.search.tasks import sync_title_keys_task
from paperwire.search.title_keys import sync_title_keys, sync_title_keys_until

pytestmark = pytest.mark.django_db

SYNCS: list[Callable[[], int]] = [sync_title_keys, sync_author_index]


def import_papers(count: int, first: int) -> None:
    """Papers written as importers write them: bulk_create, no post_save, so neither keyed nor indexed."""
    Paper.objects.bulk_create(
        Paper(
            arxiv_id=f"2603.{first + n:05d}",
            title=f"Imported paper number {first + n}",
            authors=[f"Author {first + n}", "Shared Person"],
            published=datetime(2026, 3, 1, tzinfo=UTC),
        )
        for n in range(count)
    )


def queries_of_a_small_sync_after(large: int, sync: Callable[[], int]) -> int:
    Paper.objects.all().delete()
    import_papers(large, first=0)
    sync()
    import_papers(10, first=large)
    with CaptureQueriesContext(connection) as queries:
        sync()
    return len(queries)


@pytest.mark.parametrize("sync", SYNCS, ids=["title keys", "author index"])
def test_a_small_import_costs_the_same_after_a_large_one_of_any_size(sync: Callable[[], int]) -> None:
    after_2500 = queries_of_a_small_sync_after(2500, sync)
    after_5000 = queries_of_a_small_sync_after(5000, sync)
    assert after_5000 == after_2500


@pytest.mark.parametrize(
    ("until", "count", "rows"),
    [(sync_title_keys_until, TitleKey.objects.count, 500), (sync_author_index_until, PaperAuthor.objects.count, 1000)],
    ids=["title keys", "author index"],
)
def test_a_sync_stopped_by_its_deadline_resumes_where_it_stopped(until: Any, count: Any, rows: int) -> None:
    import_papers(500, first=0)
    state = None
    done_after_each_slice = []
    while True:
        _, state = until(0.0, state)  # a deadline already past: one step per slice, and still a step
        done_after_each_slice.append(count())
        if state is None:
            break
    assert len(done_after_each_slice) > 2
    assert done_after_each_slice[0] < rows
    assert count() == rows


@pytest.mark.parametrize("task", [sync_title_keys_task, sync_author_index_task], ids=["title keys", "author index"])
def test_the_task_queues_the_rest_of_its_work_with_where_it_stopped(settings: Any, task: Any) -> None:
    settings.JOB_SLICE_SECONDS = 0.0
    import_papers(500, first=0)
    task.call()
    follow_up = DBTaskResult.objects.get(task_path=task.module_path)
    assert follow_up.queue_name == "bulk"
    [resume] = follow_up.args_kwargs["args"]
    assert resume["after"] > 0
