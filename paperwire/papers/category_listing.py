"""What's new in one arXiv category, like arXiv's own /list/<category>/new: the latest day's papers.

arXiv lists, each announcement day, a category's new submissions (primary
category), cross-lists (papers from elsewhere that name the category too)
and replacements (new versions of earlier papers). paperwire knows what the
OAI harvest (or the enrichment job) stored: each paper's first-version date
(``published``) and latest-version date (``updated``). The listing's day is
the latest day on which a paper of the category had a first or a new
version; arXiv announces that day's submissions on the next announcement.

A category is a code such as ``cs.LG`` or ``hep-th``, or an archive such as
``cs`` (all of ``cs.*``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Max, Q

from paperwire.papers.categories import arxiv_archives, arxiv_categories, category_name
from paperwire.papers.models import Paper

# A listing shows at most this many papers per section (arXiv's busiest categories list a few hundred a day).
SECTION_LIMIT = 500


@dataclass
class CategoryListing:
    category: str
    name: str
    day: date | None
    new: list[Paper] = field(default_factory=list)
    cross_lists: list[Paper] = field(default_factory=list)
    replacements: list[Paper] = field(default_factory=list)

    @property
    def papers(self) -> list[Paper]:
        return [*self.new, *self.cross_lists, *self.replacements]


def in_category(category: str) -> Q:
    """Papers whose categories include ``category`` (or, for an archive, any of its categories)."""
    # JSON containment is not available on SQLite; the quoted code inside the
    # JSON text matches a whole list element on both databases.
    if category in arxiv_archives():
        return Q(primary_category__startswith=f"{category}.") | Q(categories__icontains=f'"{category}.')
    return Q(primary_category=category) | Q(categories__icontains=f'"{category}"')


def is_primary(paper: Paper, category: str) -> bool:
    primary = paper.primary_category or (paper.categories[0] if paper.categories else "")
    return primary == category or (category in arxiv_archives() and primary.startswith(f"{category}."))


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, tzinfo=UTC)
    return start, start + timedelta(days=1)


def latest_day(category: str) -> date | None:
    latest = Paper.objects.visible().filter(in_category(category)).aggregate(Max("published"), Max("updated"))
    moments = [moment for moment in latest.values() if moment is not None]
    return max(moments).astimezone(UTC).date() if moments else None


def category_listing(category: str, day: date | None = None) -> CategoryListing:
    """The papers of ``category`` on ``day`` (default: its latest day), in arXiv's three sections."""
    listing = CategoryListing(category=category, name=category_name(category) or category, day=day)
    listing.day = day or latest_day(category)
    if listing.day is None:
        return listing
    start, end = _day_bounds(listing.day)
    papers = (
        Paper.objects.visible()
        .filter(in_category(category))
        .filter(Q(published__gte=start, published__lt=end) | Q(updated__gte=start, updated__lt=end))
        .select_related("daily_entry")
        .order_by("-upvote_count", "arxiv_id")[: 3 * SECTION_LIMIT]
    )
    for paper in papers:
        first_that_day = paper.published is not None and start <= paper.published < end
        if first_that_day and is_primary(paper, category):
            listing.new.append(paper)
        elif first_that_day:
            listing.cross_lists.append(paper)
        else:
            listing.replacements.append(paper)
    for section in (listing.new, listing.cross_lists, listing.replacements):
        del section[SECTION_LIMIT:]
    return listing


@dataclass(frozen=True)
class HarvestedSet:
    spec: str
    # Category codes the set covers, with their names (an archive's categories, or the one category).
    categories: list[tuple[str, str]]


def _categories_of(code: str) -> list[tuple[str, str]]:
    names = arxiv_categories()
    if code in names:
        return [(code, names[code])]
    return [(c, name) for c, name in names.items() if c.startswith(f"{code}.")]


def harvested_sets(specs: Iterable[str] | None = None) -> list[HarvestedSet]:
    """The OAI sets in ``PAPERWIRE_ARXIV_HARVEST_SETS`` ("cs", "physics:hep-th") with their categories."""
    result = []
    for spec in specs if specs is not None else settings.ARXIV_HARVEST_SETS:
        # "physics:hep-th" is the hep-th archive inside the physics set; "cs" is the whole archive.
        code = spec.split(":", 1)[1] if ":" in spec else spec
        result.append(HarvestedSet(spec=spec, categories=_categories_of(code)))
    return result
