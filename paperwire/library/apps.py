from datetime import timedelta

from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "paperwire.library"
    label = "library"
    verbose_name = "Personal library"

    def ready(self) -> None:
        # Imported here: these modules import models, which Django can load
        # only once every app is registered.
        from paperwire.library.imports import fetches_queued
        from paperwire.library.tasks import (
            prepare_candidates_task,
            request_candidates,
            sync_zotero_due_task,
            wake_for_fetches,
            wake_for_sync,
        )
        from paperwire.library.zotero_sync import sync_requested
        from paperwire.ops.schedule import register_periodic
        from paperwire.papers.changes import papers_changed

        # Every 30 minutes: Zotero answers an unchanged library with a cheap 304,
        # and a person who wants it sooner presses "Sync now".
        register_periodic("library.zotero_sync", every=timedelta(minutes=30), task=sync_zotero_due_task)
        fetches_queued.connect(wake_for_fetches, dispatch_uid="library.wake_for_fetches")
        sync_requested.connect(wake_for_sync, dispatch_uid="library.wake_for_sync")
        # For you reads a candidate set the worker prepares: after every import
        # (connected after search, so the set is rebuilt behind the new papers'
        # indexing) and, for vectors that arrive later and edits by hand, on a
        # schedule that rebuilds only when the catalogue changed.
        papers_changed.connect(request_candidates, dispatch_uid="library.request_candidates")
        register_periodic("library.prepare_candidates", every=timedelta(minutes=5), task=prepare_candidates_task)
