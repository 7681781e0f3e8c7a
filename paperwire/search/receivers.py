"""How search answers the hooks of the apps below it, and the saves of their models.

Connected in ``SearchConfig.ready``; see :mod:`paperwire.papers.changes`.
"""

from __future__ import annotations

from typing import Any

from paperwire.papers.models import Paper
from paperwire.search.tasks import request_indexing, request_term_statistics, request_title_keys
from paperwire.search.title_keys import key_papers


def index_changed_papers(sender: type, **kwargs: Any) -> None:
    """``papers_changed``: queue indexing for papers without a vector, title keys, and (PostgreSQL) BM25 statistics."""
    # Ingest sends the signal once its transaction has committed, so the
    # task is enqueued at once, exactly as when importers called us directly.
    request_indexing()
    request_title_keys()
    request_term_statistics()


def key_saved_paper(sender: type[Paper], instance: Paper, raw: bool = False, **kwargs: Any) -> None:
    """``post_save`` on ``Paper``: key a paper saved one at a time at once, so its title is found at once."""
    if raw:  # loaddata: the fixture brings its own rows
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and "title" not in update_fields:
        return
    key_papers([instance])
