"""What a message carries: the papers of its period, its heading and its links.

Links are absolute, built from ``PAPERWIRE_SITE_URL``: a chat message is
read far from the site. The list and trending pages are addressed by their
public paths (the same addresses the feeds and the HF-compatible site use),
not by the front app's URL names, which this app sits below.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings

from paperwire.channels.messages import PaperLine
from paperwire.channels.models import Carries, ChannelDelivery, Destination
from paperwire.papers.models import Paper
from paperwire.papers.trending import trending_papers

MAX_PAPERS = 25
# Trending candidates looked at for one message (the "more" line counts them).
TRENDING_POOL = 200


@dataclass(frozen=True)
class Content:
    title: str
    lines: list[PaperLine]
    total: int
    more_url: str
    paper_ids: list[int]


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def period_title(carries: str, start: date, end: date) -> str:
    last = end - timedelta(days=1)
    days = f"{last:%-d %B %Y}" if start == last else f"{start:%-d %b} – {last:%-d %b %Y}"
    return f"Trending papers, {days}" if carries == Carries.TRENDING else f"Daily papers, {days}"


def more_url(carries: str, start: date, end: date) -> str:
    if carries == Carries.TRENDING:
        return absolute("/papers/trending")
    if end - start == timedelta(days=1):
        return absolute(f"/papers/date/{start.isoformat()}")
    return absolute("/papers")


def period_papers(carries: str, start: date, end: date, limit: int) -> tuple[list[Paper], int]:
    """The period's first ``limit`` papers (by upvotes, or trending) and how many there are in all."""
    if carries == Carries.TRENDING:
        since = datetime.combine(start, time.min, tzinfo=UTC)
        until = datetime.combine(end, time.min, tzinfo=UTC)
        ranked = trending_papers(since, until, limit=TRENDING_POOL, now=until)
        return ranked[:limit], len(ranked)
    listed = Paper.objects.visible().listed_between(start, end)
    papers = list(listed.order_by("-upvote_count", "arxiv_id")[:limit])
    return papers, listed.count()


def load_content(destination: Destination, delivery: ChannelDelivery) -> Content:
    return build_content(destination.carries, delivery.period_start, delivery.period_end, destination.paper_count)


def build_content(carries: str, start: date, end: date, count: int) -> Content:
    papers, total = period_papers(carries, start, end, max(1, min(count, MAX_PAPERS)))
    lines = [PaperLine.of(paper, absolute(paper.get_absolute_url())) for paper in papers]
    return Content(
        period_title(carries, start, end), lines, total, more_url(carries, start, end), [p.pk for p in papers]
    )
