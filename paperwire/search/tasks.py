"""Background tasks of the search app, and the calls that queue them.

All bulk work (paperwire/ops/work_classes.py): each task works for one slice
(``PAPERWIRE_JOB_SLICE_SECONDS``) and queues the rest as a new task, so an
account email or a person's submission never waits behind a long embedding
run or a sync of a large import.
"""

from __future__ import annotations

import time
from typing import Any

from django.db import connection, transaction
from django_tasks import task

from paperwire.ops.slices import slice_deadline, slice_seconds
from paperwire.ops.work_classes import WorkClass
from paperwire.search.bm25 import refresh_term_statistics
from paperwire.search.indexing import index_pending
from paperwire.search.title_keys import TitleKeySync, sync_title_keys_until


@task(queue_name=WorkClass.BULK)
def index_pending_task() -> int:
    return index_pending_slice()


def index_pending_slice() -> int:
    """One worker task's share of the indexing; queues a follow-up when the slice ran out first."""
    started = time.monotonic()
    done = index_pending(max_seconds=slice_seconds())
    # Stopped by the clock, not by running out of papers: more may wait. (A
    # catalogue-wide count here would cost more than a short slice at a million papers.)
    if done and time.monotonic() - started >= slice_seconds():
        index_pending_task.enqueue()
    return done


@task(queue_name=WorkClass.BULK)
def refresh_term_statistics_task() -> int:
    """PostgreSQL BM25: fold new papers into the term statistics (a full recount once a day)."""
    return refresh_term_statistics()


@task(queue_name=WorkClass.BULK)
def sync_title_keys_task(resume: dict[str, Any] | None = None) -> int:
    """Key the papers an import added or changed, so exact-title look-ups find them by key (one slice)."""
    written, left = sync_title_keys_until(slice_deadline(), TitleKeySync.from_json(resume) if resume else None)
    if left is not None:
        sync_title_keys_task.enqueue(left.to_json())
    return written


def request_indexing() -> None:
    """Ask the background worker to index papers that have no vector yet (after the commit)."""
    transaction.on_commit(index_pending_task.enqueue)


def request_title_keys() -> None:
    """Ask the worker to key the titles of papers written in bulk (after the commit).

    In the worker, not inline: stemming every title of a large import would
    slow the importer down, and look-ups find unkeyed papers meanwhile.
    """
    transaction.on_commit(sync_title_keys_task.enqueue)


def request_term_statistics() -> None:
    """PostgreSQL: ask the worker to count new papers into the BM25 statistics (after the commit)."""
    if connection.vendor == "postgresql":
        transaction.on_commit(refresh_term_statistics_task.enqueue)
