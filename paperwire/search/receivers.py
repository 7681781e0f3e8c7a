"""How search answers the hooks of the apps below it.

Connected in ``SearchConfig.ready``; see :mod:`paperwire.papers.changes`.
"""

from __future__ import annotations

from typing import Any

from paperwire.search.tasks import request_indexing


def index_changed_papers(sender: type, **kwargs: Any) -> None:
    """``papers_changed``: queue an indexing task for the papers that have no vector yet."""
    # Ingest sends the signal once its transaction has committed, so the
    # task is enqueued at once, exactly as when importers called us directly.
    request_indexing()
