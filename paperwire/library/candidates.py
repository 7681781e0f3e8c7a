"""Recommendations from the catalogue: candidate indexes built from papers and their stored vectors.

Building an index (reading vectors, fitting TF-IDF) is the slow part and does
not depend on the person, so indexes are kept per process for a few minutes,
keyed by the candidate query and the catalogue's state (how many papers, the
latest change): a new paper or an edit makes a fresh one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Max, QuerySet

from paperwire.lib.timed_cache import TimedCache
from paperwire.library.recommend import CandidateIndex, Item
from paperwire.papers.authors import author_key
from paperwire.papers.models import Paper
from paperwire.search.embedder import get_embedder
from paperwire.search.indexing import document_text
from paperwire.search.vectors import paper_vectors

# The newest this many papers of a window are ranked: enough for any "last N
# days" of arXiv, and a bound on memory (~0.5 KB of vector per paper).
MAX_CANDIDATES = 100_000
INDEX_CACHE_SIZE = 8
INDEX_CACHE_SECONDS = 600

_cache: TimedCache[tuple[object, ...], CandidateIndex] = TimedCache(INDEX_CACHE_SIZE, INDEX_CACHE_SECONDS)


@dataclass(frozen=True)
class Recommended:
    paper: Paper
    score: float
    because: list[Paper]


def paper_items(papers: Sequence[Paper]) -> list[Item]:
    """Papers as the ranking sees them; a paper not indexed yet is embedded here (positives are few)."""
    vectors = paper_vectors([paper.pk for paper in papers])
    missing = [paper for paper in papers if paper.pk not in vectors]
    if missing:
        embedded = get_embedder().embed([document_text(p.title, p.abstract) for p in missing])
        vectors.update({paper.pk: row for paper, row in zip(missing, embedded, strict=True)})
    return _items(papers, vectors)


def _items(papers: Sequence[Paper], vectors: dict[int, np.ndarray]) -> list[Item]:
    """Papers as the ranking sees them, with their vectors (None: similar to nothing)."""
    return [
        Item(paper.pk, document_text(paper.title, paper.abstract), tuple(paper.authors or ()), vectors.get(paper.pk))
        for paper in papers
    ]


def candidate_index(candidates: QuerySet[Paper]) -> CandidateIndex:
    """The index of ``candidates`` (newest MAX_CANDIDATES), reused while the catalogue is unchanged."""
    state = Paper.objects.aggregate(count=Count("pk"), changed=Max("modified_at"))
    key = (str(candidates.query), state["count"], state["changed"])
    cached = _cache.get(key)
    if cached is not None:
        return cached
    papers = list(
        candidates.order_by("-published", "-pk").only("pk", "title", "abstract", "authors", "upvote_count")[
            :MAX_CANDIDATES
        ]
    )
    items = _items(papers, paper_vectors([paper.pk for paper in papers]))
    index = CandidateIndex(items, [paper.upvote_count for paper in papers], author_key, dim=get_embedder().dim)
    _cache.put(key, index)
    return index


def recommend(
    positives: Sequence[Paper], negatives: Sequence[Paper], candidates: QuerySet[Paper], limit: int = 50
) -> list[Recommended]:
    """The ``limit`` best ``candidates`` for someone who likes ``positives`` and not ``negatives``.

    Positives come newest first (the most recent interests lead the "closest
    positive" term). Positives and negatives are never recommended.
    """
    if not positives:
        return []
    index = candidate_index(candidates)
    found = index.rank(paper_items(positives), paper_items(negatives), limit=limit)
    by_pk = {paper.pk: paper for paper in positives}
    papers = Paper.objects.with_entry().in_bulk([r.key for r in found])
    return [
        Recommended(papers[r.key], r.score, [by_pk[key] for key in r.because if key in by_pk])
        for r in found
        if r.key in papers
    ]
