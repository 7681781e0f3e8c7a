from datetime import timedelta

from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "paperwire.library"
    label = "library"
    verbose_name = "Personal library"

    def ready(self) -> None:
        # Imported here: these modules import models, loadable only once every app is registered.
        from paperwire.library.tasks import prepare_candidates_task, request_candidates
        from paperwire.ops.schedule import register_periodic
        from paperwire.papers.changes import papers_changed

        # For you reads a candidate set the worker prepares: after every import
        # (connected after search, so the set is rebuilt behind the new papers'
        # indexing) and, for vectors that arrive later and edits by hand, on a
        # schedule that rebuilds only when the catalogue changed.
        papers_changed.connect(request_candidates, dispatch_uid="library.request_candidates")
        register_periodic("library.prepare_candidates", every=timedelta(minutes=5), task=prepare_candidates_task)
