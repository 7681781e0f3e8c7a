from datetime import timedelta
from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate

from paperwire.search.fts_schema import ensure_fts_triggers


class SearchConfig(AppConfig):
    name = "paperwire.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        # Imported here, not at the top: these modules import models, which
        # Django can load only once every app is registered.
        from django.db.models.signals import post_save

        from paperwire.ops.schedule import register_periodic
        from paperwire.papers.changes import papers_changed
        from paperwire.papers.models import Paper
        from paperwire.search.metrics import register_metrics
        from paperwire.search.receivers import index_changed_papers, key_saved_paper
        from paperwire.search.tasks import index_pending_task, refresh_term_statistics_task, sync_title_keys_task

        # Ingest announces changed papers once their transaction commits;
        # this safety net also picks up papers added by hand (admin, shell)
        # or a task that was lost.
        papers_changed.connect(index_changed_papers, dispatch_uid="search.index_changed_papers")
        register_periodic("search.index_pending", every=timedelta(minutes=10), task=index_pending_task)
        # Title keys (title_keys.py): single saves are keyed at once, bulk
        # imports by the task index_changed_papers queues, anything missed here.
        post_save.connect(key_saved_paper, sender=Paper, dispatch_uid="search.key_saved_paper")
        register_periodic("search.title_keys", every=timedelta(minutes=10), task=sync_title_keys_task)
        # PostgreSQL BM25 (bm25.py): papers added by hand are counted too; a no-op on SQLite.
        register_periodic("search.term_statistics", every=timedelta(minutes=10), task=refresh_term_statistics_task)
        register_metrics()
        post_migrate.connect(_repair_fts_triggers, sender=self)


def _repair_fts_triggers(using: str = "default", **kwargs: Any) -> None:
    ensure_fts_triggers(using)
