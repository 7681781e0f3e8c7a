"""Receivers the papers app connects to its own models' signals."""

from __future__ import annotations

from typing import Any

from paperwire.papers.authors import index_authors
from paperwire.papers.models import Paper


def reindex_saved_paper(sender: type[Paper], instance: Paper, raw: bool = False, **kwargs: Any) -> None:
    """Keep the author index in step with a paper saved one at a time."""
    if raw:  # loaddata: the fixture brings its own rows
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and "authors" not in update_fields:
        return
    index_authors([instance])
