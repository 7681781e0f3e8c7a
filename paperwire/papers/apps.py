from datetime import timedelta

from django.apps import AppConfig


class PapersConfig(AppConfig):
    name = "paperwire.papers"
    label = "papers"

    def ready(self) -> None:
        # Imported here, not at the top: it imports models, which Django can
        # load only once every app is registered.
        from django.db.models.signals import post_save

        from paperwire.ops.schedule import register_periodic
        from paperwire.papers.changes import papers_changed
        from paperwire.papers.metrics import register_metrics
        from paperwire.papers.models import Paper
        from paperwire.papers.signals import reindex_saved_paper
        from paperwire.papers.tasks import (
            queue_author_index_sync,
            queue_organization_index_sync,
            sync_organization_index_task,
        )

        register_metrics()
        # Single saves (submissions, edits, tests); bulk imports go through sync_author_index().
        post_save.connect(reindex_saved_paper, sender=Paper, dispatch_uid="papers.reindex_saved_paper")
        papers_changed.connect(queue_author_index_sync, dispatch_uid="papers.queue_author_index_sync")
        papers_changed.connect(queue_organization_index_sync, dispatch_uid="papers.queue_organization_index_sync")
        # Also on a schedule: an instance upgraded with papers already imported catches up by itself.
        register_periodic("papers.organization_index", every=timedelta(minutes=10), task=sync_organization_index_task)
