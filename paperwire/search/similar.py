"""Placeholder until the search app lands."""

from paperwire.papers.models import Paper


def similar_papers(paper: Paper, limit: int = 6) -> list[Paper]:
    return []
