"""The API's door to the search app (``paperwire.search.service.search``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from paperwire.papers.models import Paper
from paperwire.search.service import SearchHit, search


@dataclass(frozen=True)
class FoundPage:
    # Each with its paper (list entry loaded), matched_by, and highlights made when read.
    items: list[SearchHit]
    total: int
    notes: list[str]


def search_page(
    query: str,
    *,
    limit: int,
    page: int = 1,
    sort: str = "relevance",
    category: str | None = None,
    author: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> FoundPage:
    """One page of hybrid search results, papers with their list entries joined in."""
    results = search(
        query, category=category, author=author, after=since, before=until, sort=sort, page=page, per_page=limit
    )
    return FoundPage(results.items, results.total, list(results.notes))


def search_papers(query: str, *, limit: int) -> list[Paper]:
    """The best ``limit`` papers for ``query``."""
    return [found.paper for found in search_page(query, limit=limit).items]
