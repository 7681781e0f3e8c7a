"""Background tasks of the library app (bodies hold no logic)."""

from __future__ import annotations

from django_tasks import task

from paperwire.library.imports import fetch_pending
from paperwire.library.zotero_sync import sync_due_links, sync_link


@task()
def fetch_import_task(pending_id: int) -> str:
    return fetch_pending(pending_id)


@task()
def sync_zotero_task(link_id: int) -> str:
    return sync_link(link_id)


@task()
def sync_zotero_due_task() -> int:
    return len(sync_due_links())
