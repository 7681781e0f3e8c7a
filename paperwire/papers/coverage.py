"""How many papers carry arXiv categories yet, so category widgets can say so instead of matching nothing.

Papers imported from Hugging Face (or another paperwire) have no categories
until the enrichment job asks arXiv (``paperwire enrich``). A category filter
over such papers silently finds nothing; every widget that filters or counts
by category shows :attr:`CategoryCoverage.sentence` while coverage is
incomplete.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q

from paperwire.papers.models import Paper

# Counting every paper on each search is cheap but not free on a big catalogue; a minute old is honest enough.
CACHE_SECONDS = 60
_CACHE_KEY = "papers:category-coverage"


def _no_report() -> str | None:
    return None


# How the last enrichment run went, told by the ingest app (papers cannot import it).
_last_enrichment: list[Callable[[], str | None]] = [_no_report]


def register_enrichment_report(read: Callable[[], str | None]) -> None:
    """Let the app that runs enrichment say how its last attempt went (a clause, or None before any)."""
    _last_enrichment[0] = read


@dataclass(frozen=True)
class CategoryCoverage:
    with_categories: int
    papers: int
    enrichment_on: bool

    @property
    def complete(self) -> bool:
        return self.with_categories >= self.papers

    @property
    def sentence(self) -> str:
        """E.g. "120 of 5,000 papers have arXiv categories yet; enrichment from arXiv is running." ("" when all do).

        Once a run has asked arXiv, the state is that run's outcome and time
        ("the last attempt to reach arXiv, at 14:05 UTC …, failed …"), so an
        unreachable arXiv is not reported as "running" forever.
        """
        if self.complete:
            return ""
        noun = "paper has" if self.papers == 1 else "papers have"
        counted = f"{self.with_categories:,} of {self.papers:,} {noun} arXiv categories yet"
        if not self.enrichment_on:
            return f"{counted}; enrichment from arXiv is off."
        return f"{counted}; {_last_enrichment[0]() or 'enrichment from arXiv is running'}."


def _count() -> tuple[int, int]:
    counts = Paper.objects.visible().aggregate(
        papers=Count("pk"), with_categories=Count("pk", filter=~Q(primary_category=""))
    )
    return counts["with_categories"], counts["papers"]


def category_coverage() -> CategoryCoverage:
    """Coverage of the visible catalogue (cached for ``CACHE_SECONDS``)."""
    counted = cache.get(_CACHE_KEY)
    if counted is None:
        counted = _count()
        cache.set(_CACHE_KEY, counted, CACHE_SECONDS)
    with_categories, papers = counted
    return CategoryCoverage(with_categories, papers, bool(settings.ARXIV_ENRICH))


def coverage_of(categorized: int, papers: int) -> CategoryCoverage:
    """Coverage of a subset someone already counted (the papers of a period, a digest's candidates)."""
    return CategoryCoverage(categorized, papers, bool(settings.ARXIV_ENRICH))
