"""Background tasks of the search app (bodies hold no logic)."""

from __future__ import annotations

from django_tasks import task

from paperwire.search.indexing import index_pending_slice


@task()
def index_pending_task() -> int:
    return index_pending_slice()
