"""Background tasks of the library app (bodies hold no logic), and the calls that queue them."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_tasks import task

from paperwire.library.candidates import prepare_candidates
from paperwire.library.imports import fetch_pending
from paperwire.library.zotero_sync import sync_due_links, sync_link
from paperwire.ops.work_classes import WorkClass


# Interactive: the person who imported waits for these papers in their library.
@task(queue_name=WorkClass.INTERACTIVE)
def fetch_import_task(pending_id: int) -> str:
    return fetch_pending(pending_id)


# Interactive: a person pressed Sync (or just linked a library) and waits for it.
@task(queue_name=WorkClass.INTERACTIVE)
def sync_zotero_task(link_id: int) -> str:
    return sync_link(link_id)


@task(queue_name=WorkClass.BULK)
def sync_zotero_due_task() -> int:
    return len(sync_due_links())


@task(queue_name=WorkClass.BULK)
def prepare_candidates_task() -> bool:
    """Rebuild the For-you candidate set if the catalogue changed (no-op otherwise)."""
    return prepare_candidates()


def request_candidates(sender: type, **kwargs: Any) -> None:
    """``papers_changed``: prepare a fresh candidate set once the import's transaction commits."""
    transaction.on_commit(prepare_candidates_task.enqueue)


def wake_for_fetches(sender: type, pending_id: int, **kwargs: Any) -> None:
    """``imports.fetches_queued``: have the worker fetch the batch ``pending_id`` is in."""
    fetch_import_task.enqueue(pending_id)


def wake_for_sync(sender: type, link_id: int, **kwargs: Any) -> None:
    """``zotero_sync.sync_requested``: have the worker sync the library now."""
    sync_zotero_task.enqueue(link_id)
