"""How search answers the hooks of the apps below it.

Connected in ``SearchConfig.ready``; see :mod:`paperwire.papers.changes`.
"""

from __future__ import annotations

from typing import Any

from paperwire.search.tasks import request_indexing, request_term_statistics


def index_changed_papers(sender: type, **kwargs: Any) -> None:
    """``papers_changed``: queue indexing for papers without a vector, and (PostgreSQL) BM25 statistics."""
    # Ingest sends the signal once its transaction has committed, so the
    # task is enqueued at once, exactly as when importers called us directly.
    request_indexing()
    request_term_statistics()
