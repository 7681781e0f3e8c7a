"""The API's door to the search app: a query in, visible papers out, best first."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from paperwire.papers.models import Paper


def search_papers(
    query: str,
    *,
    limit: int,
    category: str | None = None,
    author: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[Paper]:
    """Papers matching ``query`` with the filters applied, best match first."""
    queryset = Paper.objects.visible()
    for word in query.split()[:20]:
        queryset = queryset.filter(Q(title__icontains=word) | Q(abstract__icontains=word))
    if category:
        queryset = queryset.filter(primary_category=category)
    if author:
        queryset = queryset.filter(authors__icontains=author)
    if since:
        queryset = queryset.filter(published__date__gte=since)
    if until:
        queryset = queryset.filter(published__date__lte=until)
    ids = list(queryset.order_by("-upvote_count", "arxiv_id").values_list("pk", flat=True)[:limit])
    by_id = Paper.objects.select_related("daily_entry", "daily_entry__submitter").in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]
