"""Background tasks of the papers app: keeping the author index in step with bulk imports."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_tasks import task

from paperwire.ops.slices import slice_deadline
from paperwire.ops.work_classes import WorkClass
from paperwire.papers.authors import AuthorIndexSync, sync_author_index_until


@task(queue_name=WorkClass.BULK)
def sync_author_index_task(resume: dict[str, Any] | None = None) -> int:
    """One slice of the author index sync; the rest is queued as a new task."""
    written, left = sync_author_index_until(slice_deadline(), AuthorIndexSync.from_json(resume) if resume else None)
    if left is not None:
        sync_author_index_task.enqueue(left.to_json())
    return written


def queue_author_index_sync(**kwargs: Any) -> None:
    """``papers_changed``: bring the author index up to date in the worker, not in the importing process.

    Folding every author name of a large import costs more CPU than the
    import itself; done inline it halved the importers' throughput.
    """
    transaction.on_commit(sync_author_index_task.enqueue)
