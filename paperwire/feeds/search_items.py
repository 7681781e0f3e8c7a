"""The papers of a search feed, from the search app's service."""

from __future__ import annotations

from django.http import Http404

from paperwire.papers.models import Paper


def search_feed_items(query: str, *, limit: int) -> list[Paper]:
    """The top ``limit`` visible papers for ``query``, as the search page ranks them."""
    try:
        from paperwire.search.service import search
    except ImportError:
        raise Http404("Search is not available on this server yet.") from None
    return list(search(query, limit=limit))  # type: ignore[call-arg]
