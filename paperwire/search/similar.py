"""Similar papers for the paper page: nearest vectors, or title keywords as a fallback."""

from __future__ import annotations

import logging

from paperwire.papers.models import Paper
from paperwire.search.keyword import keyword_search
from paperwire.search.models import PaperVector
from paperwire.search.query import ParsedQuery, words_of
from paperwire.search.vectors import nearest_papers

logger = logging.getLogger(__name__)


def similar_papers(paper: Paper, limit: int = 6) -> list[Paper]:
    """Up to ``limit`` visible papers most like ``paper``, best first.

    Uses the paper's vector when it has one; a paper still waiting for the
    indexer gets keyword neighbours of its title instead. Never raises: the
    paper page must render even if an index is unavailable.
    """
    if limit <= 0 or paper.pk is None:
        return []
    try:
        vector = PaperVector.objects.filter(paper_id=paper.pk).values_list("vector", flat=True).first()
        if vector is not None:
            candidates = [paper_id for paper_id, _ in nearest_papers(vector, limit * 2 + 5)]
        else:
            words = tuple(words_of(paper.title))
            candidates = [paper_id for paper_id, _ in keyword_search(ParsedQuery(terms=words), limit + 1)]
        candidates = [paper_id for paper_id in candidates if paper_id != paper.pk]
        found = Paper.objects.visible().with_entry().in_bulk(candidates)
        return [found[paper_id] for paper_id in candidates if paper_id in found][:limit]
    except Exception:
        logger.exception("search: similar papers failed for paper %s", paper.pk)
        return []
