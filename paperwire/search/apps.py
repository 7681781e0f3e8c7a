from datetime import timedelta
from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SearchConfig(AppConfig):
    name = "paperwire.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from paperwire.ops.schedule import register_periodic
        from paperwire.search.tasks import index_pending_task

        # Importers enqueue indexing on commit; this safety net also picks
        # up papers added by hand (admin, shell) or a task that was lost.
        register_periodic("search.index_pending", every=timedelta(minutes=10), task=index_pending_task)
        post_migrate.connect(_repair_fts_triggers, sender=self)


def _repair_fts_triggers(using: str = "default", **kwargs: Any) -> None:
    from paperwire.search.fts_schema import ensure_fts_triggers

    ensure_fts_triggers(using)
