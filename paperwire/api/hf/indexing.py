"""``POST /api/papers/index``: adding one arXiv paper to the catalogue."""

from __future__ import annotations

from typing import Any

from paperwire.api.errors import ApiError
from paperwire.ingest.arxiv_api import ArxivNotFound, ArxivUnavailable, fetch_paper
from paperwire.papers.models import Paper


def index_paper(user: Any, arxiv_id: str) -> tuple[Paper, bool]:
    """The paper ``arxiv_id`` from the catalogue, fetched from arXiv if new; (paper, created)."""
    existing = Paper.objects.with_entry().filter(arxiv_id=arxiv_id).first()
    if existing is not None:
        if existing.hidden:
            raise ApiError(403, "forbidden", f"{arxiv_id} was hidden by a moderator and cannot be added again.")
        return existing, False
    try:
        return fetch_paper(arxiv_id), True
    except ArxivNotFound:
        raise ApiError(400, "unknown_arxiv_id", f"arXiv has no paper {arxiv_id}. Check the id and try again.") from None
    except ArxivUnavailable:
        raise ApiError(
            503, "upstream_unavailable", "arXiv cannot be reached right now; try again in a few minutes."
        ) from None
