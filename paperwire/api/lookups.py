"""Finding the one paper a URL names."""

from __future__ import annotations

from paperwire.api.errors import not_found
from paperwire.api.params import arxiv_id_of
from paperwire.papers.models import Paper


def visible_paper(arxiv_id: str) -> Paper:
    """The visible paper ``arxiv_id`` (any version, any URL form); 400 if malformed, 404 if unknown."""
    canonical = arxiv_id_of(arxiv_id)
    paper = Paper.objects.visible().with_entry().filter(arxiv_id=canonical).first()
    if paper is None:
        raise not_found(f"No paper {canonical} here. Add it with POST /api/papers/index.")
    return paper
