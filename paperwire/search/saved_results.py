"""A saved search run again for what is new: the papers a followed search brings to a digest or a chat.

Apart from ``saved.py`` because it runs the whole search service (and loads
the embedder's modules), which the saved-search pages and forms never need.
"""

from __future__ import annotations

from datetime import date

from django.http import QueryDict

from paperwire.papers.models import Paper
from paperwire.search.models import SavedSearch
from paperwire.search.saved import is_new_since
from paperwire.search.service import search


def new_papers_of_saved_search(saved: SavedSearch, first_day: date, *, limit: int) -> list[Paper]:
    """The saved search rerun as the search page runs it, narrowed to papers published or listed since ``first_day``.

    What the digests and the chat channels send for a followed search.
    """
    params = QueryDict(saved.query_string)
    query = params.get("q", "").strip()[:2_000]
    category = params.get("cat", "").strip()[:64] or None
    author = params.get("author", "").strip()[:200] or None
    if not (query or category or author):
        return []
    results = search(query, category=category, author=author, after=first_day, per_page=limit)
    papers = Paper.objects.visible().with_entry().in_bulk(results.ids)
    return [papers[pk] for pk in results.ids if pk in papers and is_new_since(papers[pk], first_day)]
