"""Background tasks of the library app (bodies hold no logic)."""

from __future__ import annotations

from django_tasks import task

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
