from datetime import timedelta

from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "paperwire.library"
    label = "library"
    verbose_name = "Personal library"

    def ready(self) -> None:
        # Imported here: these modules import models, which Django can load
        # only once every app is registered.
        from paperwire.library.tasks import sync_zotero_due_task
        from paperwire.ops.schedule import register_periodic

        # Every 30 minutes: Zotero answers an unchanged library with a cheap 304,
        # and a person who wants it sooner presses "Sync now".
        register_periodic("library.zotero_sync", every=timedelta(minutes=30), task=sync_zotero_due_task)
