"""Background tasks of the search app, and the calls that queue them."""

from __future__ import annotations

from django.db import connection, transaction
from django_tasks import task

from paperwire.search.bm25 import refresh_term_statistics
from paperwire.search.indexing import index_pending, pending_count
from paperwire.search.title_keys import sync_title_keys

# A worker task embeds for about this long, then queues the rest as a new
# task: digests and other jobs are not stuck behind a long import, and a
# stopping worker finishes within one slice.
TASK_SLICE_SECONDS = 20.0


@task()
def index_pending_task() -> int:
    return index_pending_slice()


def index_pending_slice() -> int:
    """One worker task's share of the indexing; queues a follow-up while papers remain."""
    done = index_pending(max_seconds=TASK_SLICE_SECONDS)
    if done and pending_count():
        index_pending_task.enqueue()
    return done


@task()
def refresh_term_statistics_task() -> int:
    """PostgreSQL BM25: fold new papers into the term statistics (a full recount once a day)."""
    return refresh_term_statistics()


@task()
def sync_title_keys_task() -> int:
    """Key the papers an import added or changed, so exact-title look-ups find them by key."""
    return sync_title_keys()


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
