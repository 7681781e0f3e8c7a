"""Adding papers through the API: to the catalogue (index) or to today's list (submit)."""

from __future__ import annotations

from typing import Any

from paperwire.api.errors import ApiError
from paperwire.papers.models import Paper


def index_paper(user: Any, arxiv_id: str) -> tuple[Paper, bool]:
    """The paper ``arxiv_id`` from the catalogue, fetched from arXiv if new; (paper, created)."""
    existing = Paper.objects.select_related("daily_entry", "daily_entry__submitter").filter(arxiv_id=arxiv_id).first()
    if existing is not None:
        if existing.hidden:
            raise ApiError(403, "forbidden", f"{arxiv_id} was hidden by a moderator and cannot be added again.")
        return existing, False
    # Imported here: the arXiv importer is its own app and talks to the network.
    from paperwire.ingest.arxiv_api import ArxivNotFound, ArxivUnavailable, fetch_and_store

    try:
        papers = fetch_and_store([arxiv_id])
    except ArxivNotFound:
        papers = []
    except ArxivUnavailable:
        raise ApiError(
            503, "upstream_unavailable", "arXiv cannot be reached right now; try again in a few minutes."
        ) from None
    for paper in papers:
        if paper.arxiv_id == arxiv_id:
            return paper, True
    raise ApiError(400, "unknown_arxiv_id", f"arXiv has no paper {arxiv_id}. Check the id and try again.")
