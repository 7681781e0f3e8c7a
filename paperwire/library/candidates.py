"""Recommendations from the catalogue: the prepared candidate set, its windows, and rankings over it.

One set holds the newest MAX_CANDIDATES visible papers, newest first. The
worker prepares it (``prepare_candidates``: after every import and on a
schedule, see ``apps.py``) and ``candidate_store`` publishes it to every web
process; a window ("the last 30 days") is a range of its rows, counted back
from the newest paper the instance has, not from today, so an instance fed
by a snapshot or a paused importer still has papers to show.

A request never waits for the catalogue's papers: only when no set has been
prepared yet (a new instance whose worker has not run) does the first
request build one, publish it and pay for it once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, F, Max, QuerySet

from paperwire.lib.timed_cache import TimedCache
from paperwire.library import candidate_store
from paperwire.library.recommend import CandidateIndex, Item
from paperwire.papers.authors import author_key
from paperwire.papers.models import Paper
from paperwire.search.embedder import get_embedder
from paperwire.search.indexing import document_text
from paperwire.search.models import PaperVector
from paperwire.search.vectors import paper_vectors

# The newest this many papers are ranked: enough for a year of arXiv's busiest
# fields, and a bound on memory (~0.5 KB of vector per paper, memory-mapped).
MAX_CANDIDATES = 100_000
# Vectors are read this many papers per query.
VECTOR_CHUNK = 5_000
EPOCH = dt.date(1970, 1, 1)
INDEX_CACHE_SIZE = 4
INDEX_CACHE_SECONDS = 600

# Indexes of other candidate queries (a digest's period), kept per process.
_cache: TimedCache[tuple[object, ...], CandidateIndex] = TimedCache(INDEX_CACHE_SIZE, INDEX_CACHE_SECONDS)


@dataclass(frozen=True)
class Recommended:
    paper: Paper
    score: float
    because: list[Paper]


@dataclass(frozen=True)
class Window:
    """Which rows of the set a ranking looks at, and the dates they span (shown on the page)."""

    rows: tuple[int, int]
    first: dt.date | None
    last: dt.date | None


def day_number(day: dt.date) -> int:
    return (day - EPOCH).days


def date_of(number: int) -> dt.date:
    return EPOCH + dt.timedelta(days=int(number))


def paper_items(papers: Sequence[Paper], sources: dict[int, str] | None = None) -> list[Item]:
    """Papers as the ranking sees them; a paper not indexed yet is embedded here (positives are few)."""
    vectors = paper_vectors([paper.pk for paper in papers])
    missing = [paper for paper in papers if paper.pk not in vectors]
    if missing:
        embedded = get_embedder().embed([document_text(p.title, p.abstract) for p in missing])
        vectors.update({paper.pk: row for paper, row in zip(missing, embedded, strict=True)})
    return _items(papers, vectors, sources or {})


def _items(papers: Sequence[Paper], vectors: dict[int, np.ndarray], sources: dict[int, str]) -> list[Item]:
    """Papers as the ranking sees them, with their vectors (None: similar to nothing)."""
    return [
        Item(
            paper.pk,
            document_text(paper.title, paper.abstract),
            tuple(paper.authors or ()),
            vectors.get(paper.pk),
            sources.get(paper.pk, ""),
        )
        for paper in papers
    ]


def build_index(candidates: QuerySet[Paper]) -> CandidateIndex:
    """The index of the newest MAX_CANDIDATES of ``candidates``, rows newest first."""
    papers = list(
        candidates.order_by(F("published").desc(nulls_last=True), "-pk").only(
            "pk", "title", "abstract", "authors", "upvote_count", "published", "primary_category"
        )[:MAX_CANDIDATES]
    )
    vectors: dict[int, np.ndarray] = {}
    for first in range(0, len(papers), VECTOR_CHUNK):
        vectors.update(paper_vectors([paper.pk for paper in papers[first : first + VECTOR_CHUNK]]))
    return CandidateIndex(
        _items(papers, vectors, {}),
        [paper.upvote_count for paper in papers],
        author_key,
        dim=get_embedder().dim,
        # A paper without a date (a digest's listed paper) sorts last, as day 0: outside every window.
        days=[day_number(paper.published.date()) if paper.published else 0 for paper in papers],
        categories=[paper.primary_category or "" for paper in papers],
    )


def catalogue_fingerprint() -> dict[str, object]:
    """What a prepared set was built from: when any of it changes, the set is rebuilt."""
    papers = Paper.objects.visible().aggregate(count=Count("pk"), changed=Max("modified_at"))
    return {
        "papers": papers["count"],
        "changed": papers["changed"].isoformat() if papers["changed"] else "",
        "vectors": PaperVector.objects.count(),
    }


def prepare_candidates(force: bool = False) -> bool:
    """Build and publish the candidate set if the catalogue changed since the last one; True if built."""
    fingerprint = catalogue_fingerprint()
    stamp = candidate_store.current_stamp()
    if not force and stamp is not None and candidate_store.fingerprint_of(stamp) == fingerprint:
        return False
    candidate_store.save(build_index(Paper.objects.visible()), fingerprint)
    return True


def prepared_index() -> CandidateIndex:
    """The published candidate set; prepared here once if the worker has not done it yet."""
    index = candidate_store.published()
    if index is None:
        prepare_candidates(force=True)
        index = candidate_store.published()
    if index is None:  # the data directory is not writable: rank without publishing
        return build_index(Paper.objects.visible())
    return index


def window(
    index: CandidateIndex, days: int | None = None, since: dt.date | None = None, until: dt.date | None = None
) -> Window:
    """The rows of the last ``days`` days up to the newest paper (or from ``since`` to ``until``), and those dates."""
    if not len(index):
        return Window((0, 0), None, None)
    newest = int(index.days[0])
    first = day_number(since) if since else (newest - days + 1 if days else int(index.days[-1]))
    last = min(day_number(until), newest) if until else newest
    if first > last:
        return Window((0, 0), None, None)
    return Window(index.window_rows(first, last), date_of(first), date_of(last))


def rank_prepared(
    positives: Sequence[Item],
    negatives: Sequence[Item],
    index: CandidateIndex,
    *,
    rows: tuple[int, int] | None = None,
    mask: np.ndarray | None = None,
    exclude: Collection[int] = (),
    limit: int = 50,
    sources: dict[int, Paper] | None = None,
) -> list[Recommended]:
    """The ``limit`` best candidates for someone who likes ``positives`` and not ``negatives``.

    Positives come newest first (the most recent interests lead the "closest
    positive" term). Positives, negatives and ``exclude`` are never recommended;
    a paper hidden since the set was prepared is left out.
    """
    if not positives:
        return []
    found = index.rank(positives, negatives, mask=mask, limit=limit, rows=rows, exclude=exclude)
    papers = Paper.objects.visible().with_entry().in_bulk([r.key for r in found])
    because_papers = sources or {}
    return [
        Recommended(papers[r.key], r.score, [because_papers[key] for key in r.because if key in because_papers])
        for r in found
        if r.key in papers
    ]


def recommend(
    positives: Sequence[Paper], negatives: Sequence[Paper], candidates: QuerySet[Paper], limit: int = 50
) -> list[Recommended]:
    """The ``limit`` best of any other candidate query (a channel's period) for these positives and negatives."""
    if not positives:
        return []
    return rank_prepared(
        paper_items(positives),
        paper_items(negatives),
        candidate_index(candidates),
        limit=limit,
        sources={paper.pk: paper for paper in positives},
    )


def candidate_index(candidates: QuerySet[Paper]) -> CandidateIndex:
    """An index of any other candidate query (a digest's period), reused while the catalogue is unchanged."""
    state = Paper.objects.aggregate(count=Count("pk"), changed=Max("modified_at"))
    key = (str(candidates.query), state["count"], state["changed"])
    cached = _cache.get(key)
    if cached is None:
        cached = build_index(candidates)
        _cache.put(key, cached)
    return cached
