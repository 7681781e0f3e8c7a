from typing import Any

from django.apps import AppConfig


class FrontConfig(AppConfig):
    """The reader's pages, composed from every domain app; no domain app imports it."""

    name = "paperwire.front"
    label = "front"
    verbose_name = "Pages"

    def ready(self) -> None:
        # Imported here, not at the top: these modules import models.
        from paperwire.ingest.signals import papers_changed

        # Author pages read the author index; imports write papers in bulk
        # (no post_save), so the index catches up when they commit.
        papers_changed.connect(_sync_author_index, dispatch_uid="front.sync_author_index")


def _sync_author_index(**kwargs: Any) -> None:
    from paperwire.papers.authors import sync_author_index

    sync_author_index()
