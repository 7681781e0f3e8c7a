"""Background tasks of the papers app: keeping the author and organization indexes in step with bulk imports."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_tasks import task

from paperwire.papers.authors import sync_author_index
from paperwire.papers.organizations import sync_organization_index


@task()
def sync_author_index_task() -> int:
    return sync_author_index()


@task()
def sync_organization_index_task() -> int:
    return sync_organization_index()


def queue_author_index_sync(**kwargs: Any) -> None:
    """``papers_changed``: bring the author index up to date in the worker, not in the importing process.

    Folding every author name of a large import costs more CPU than the
    import itself; done inline it halved the importers' throughput.
    """
    transaction.on_commit(sync_author_index_task.enqueue)


def queue_organization_index_sync(**kwargs: Any) -> None:
    """``papers_changed``: index the organizations of the Hugging Face items an import kept, in the worker."""
    transaction.on_commit(sync_organization_index_task.enqueue)
