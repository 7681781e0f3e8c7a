"""Placeholder until the community issue's trending formula lands: upvote order."""

from __future__ import annotations

from datetime import datetime

from paperwire.papers.models import Paper


def trending_papers(since: datetime, until: datetime, *, limit: int, now: datetime | None = None) -> list[Paper]:
    """Visible papers listed between ``since`` and ``until``, best first."""
    return list(
        Paper.objects.visible()
        .filter(daily_entry__list_date__gte=since.date(), daily_entry__list_date__lt=until.date())
        .order_by("-upvote_count", "arxiv_id")[:limit]
    )
