"""What a message carries: the papers of its period, its heading and its links.

Links are absolute, built from ``PAPERWIRE_SITE_URL``: a chat message is
read far from the site. Pages are named by kind (``lib/pages.py``), not by
the front app's URL names, which this app sits below.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from paperwire.channels.links import absolute
from paperwire.channels.messages import PaperLine
from paperwire.channels.models import Carries, ChannelDelivery, Destination
from paperwire.channels.personal import follow_url, followed_papers, for_you_papers
from paperwire.lib.pages import page_url
from paperwire.library.follows import describe
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


def period_title(carries: str, start: date, end: date) -> str:
    last = end - timedelta(days=1)
    days = f"{last:%-d %B %Y}" if start == last else f"{start:%-d %b} – {last:%-d %b %Y}"
    return f"Trending papers, {days}" if carries == Carries.TRENDING else f"Daily papers, {days}"


def more_url(carries: str, start: date, end: date) -> str:
    if carries == Carries.TRENDING:
        return absolute(page_url("trending"))
    if end - start == timedelta(days=1):
        return absolute(page_url("daily", start.isoformat()))
    return absolute(page_url("latest"))


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
    if destination.carries in (Carries.FOLLOW, Carries.FOR_YOU):
        return personal_content(destination, delivery.period_start, delivery.period_end)
    return build_content(destination.carries, delivery.period_start, delivery.period_end, destination.paper_count)


def build_content(carries: str, start: date, end: date, count: int) -> Content:
    papers, total = period_papers(carries, start, end, max(1, min(count, MAX_PAPERS)))
    return content_of(period_title(carries, start, end), papers, total, more_url(carries, start, end))


def content_of(title: str, papers: list[Paper], total: int, more: str) -> Content:
    lines = [PaperLine.of(paper, absolute(paper.get_absolute_url())) for paper in papers]
    return Content(title, lines, total, more, [p.pk for p in papers])


def personal_content(destination: Destination, start: date, end: date) -> Content:
    """A follow's new papers, or For you, for the destination's owner; empty without an owner or follow."""
    count = max(1, min(destination.paper_count, MAX_PAPERS))
    days = period_title(Carries.LIST, start, end).removeprefix("Daily papers, ")
    owner = destination.owner
    follow = destination.follow
    if owner is not None and destination.carries == Carries.FOR_YOU:
        ranked = for_you_papers(owner, start, end)
        return content_of(f"For you, {days}", ranked[:count], len(ranked), absolute(page_url("for_you")))
    if owner is not None and follow is not None and follow.user_id == owner.pk:
        found = followed_papers(follow, start, end)
        return content_of(f"{describe(follow)}: new papers, {days}", found[:count], len(found), follow_url(follow))
    return content_of("", [], 0, "")
