"""Background tasks of the library app (bodies hold no logic)."""

from __future__ import annotations

from django_tasks import task

from paperwire.library.imports import fetch_pending


@task()
def fetch_import_task(pending_id: int) -> str:
    return fetch_pending(pending_id)
