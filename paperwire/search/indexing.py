"""Embedding papers in the background: batched, resumable, safe with many workers.

When ingest announces ``papers_changed`` the search app queues
``index_pending_task`` (:mod:`paperwire.search.receivers`); the worker runs
:func:`index_pending`, which embeds papers without a vector in batches of
``PAPERWIRE_SEARCH_INDEX_BATCH``. Each batch is its own transaction, so a
killed worker loses at most one batch and the next run carries on where it
stopped. In the embedded mode the usearch index files are saved at most
every ``SAVE_EVERY_SECONDS``, incrementally: only the new vectors are
written; see paperwire/search/ann.py for why a crash between the two never
leaves them disagreeing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Max

from paperwire.papers.models import Paper
from paperwire.search.ann import get_vector_index
from paperwire.search.embedder import embedder_name, get_embedder
from paperwire.search.models import PaperVector

logger = logging.getLogger(__name__)

# The database is the truth and every process catches up from it (ann.py),
# so the files only spare a starting process that catch-up. A run ends by
# saving only when this process has not saved for this long; otherwise its
# vectors go out with a later run's save (the periodic job runs one every
# ten minutes). A run of one paper would otherwise spend ~15 ms of CPU at
# a million papers on the save alone: its fsyncs, queries and the graph
# insertion, a sixth of embedding the paper.
SAVE_EVERY_SECONDS = 60.0
# Papers without a vector are almost always newer than every embedded one,
# and finding them there is an index range read. A walk over the whole
# catalogue (an anti-join: ~0.5 s of CPU at a million papers, more than
# embedding a small run) also finds the rare older ones, "holes" (a batch a
# killed worker had claimed on PostgreSQL, vectors deleted by hand); each
# process walks on its first run and then at most this often.
FULL_WALK_EVERY_SECONDS = 600.0
_last_full_walk: float | None = None
PENDING_CACHE_KEY = "search:pending-count"
# Result pages reuse the number for a minute (it is cheap, but read on every search).
PENDING_CACHE_SECONDS = 60


def document_text(title: str, abstract: str) -> str:
    """What the embedder reads for a paper: the title, then the abstract."""
    return f"{title.strip()}. {abstract.strip()}" if abstract.strip() else title.strip()


def pending_count() -> int:
    """Visible papers still waiting for a vector."""
    return Paper.objects.visible().filter(search_vector__isnull=True).count()


def cached_pending_count() -> int:
    """Visible papers newer than the newest vector that have none, cached briefly: result pages show it.

    Not :func:`pending_count`: that walks the whole catalogue (~0.5 s at a
    million papers), which one search a minute per process would wait for.
    Papers wait at the new end; an older paper without a vector (a "hole",
    see FULL_WALK_EVERY_SECONDS) is rare, embedded by the worker's next
    full walk, and not counted here meanwhile.
    """
    value = cache.get(PENDING_CACHE_KEY)
    if value is None:
        value = Paper.objects.visible().filter(id__gt=_newest_embedded(), search_vector__isnull=True).count()
        cache.set(PENDING_CACHE_KEY, value, PENDING_CACHE_SECONDS)
    return int(value)


def _newest_embedded() -> int:
    """The id of the newest paper that has a vector (0: none has)."""
    return int(PaperVector.objects.aggregate(newest=Max("paper_id"))["newest"] or 0)


def _claim_batch(size: int, after_id: int) -> list[tuple[int, str, str]]:
    # ``after_id`` lets a run walk forward instead of re-scanning a million
    # already-indexed papers for every batch.
    papers = Paper.objects.filter(search_vector__isnull=True, id__gt=after_id).order_by("id")
    if connection.vendor == "postgresql":
        # Concurrent workers skip each other's rows instead of embedding them twice.
        papers = papers.select_for_update(skip_locked=True, of=("self",))
    return list(papers.values_list("id", "title", "abstract")[:size])


def index_batch(size: int | None = None, after_id: int = 0) -> tuple[int, int]:
    """Embed and store one batch of papers without a vector; returns (how many, the last paper id)."""
    size = size or settings.SEARCH_INDEX_BATCH
    embedder = get_embedder()
    name = embedder_name(embedder)
    if connection.vendor == "postgresql":
        # The claimed rows stay locked while the batch is embedded.
        with transaction.atomic():
            batch = _claim_batch(size, after_id)
            if batch:
                _store(batch, embedder.embed([document_text(t, a) for _, t, a in batch]), name)
        return len(batch), (batch[-1][0] if batch else after_id)
    # SQLite has one writer: embed outside the transaction so the write
    # lock is held only for the insert, not for a second of model time.
    batch = _claim_batch(size, after_id)
    if batch:
        vectors = embedder.embed([document_text(t, a) for _, t, a in batch])
        with transaction.atomic():
            _store(batch, vectors, name)
    return len(batch), (batch[-1][0] if batch else after_id)


def _store(batch: list[tuple[int, str, str]], vectors: object, name: str) -> None:
    PaperVector.objects.bulk_create(
        [
            PaperVector(paper_id=paper_id, vector=vector, embedder=name)
            for (paper_id, _, _), vector in zip(batch, vectors, strict=True)  # type: ignore[call-overload]
        ],
        ignore_conflicts=True,  # another worker got there first: same text, same vector
    )


def index_pending(
    *,
    limit: int | None = None,
    batch_size: int | None = None,
    progress: Callable[[int], None] | None = None,
    max_seconds: float | None = None,
) -> int:
    """Embed papers without a vector until none is left (or ``limit``, or ``max_seconds``); returns how many."""
    deadline = None if max_seconds is None else time.monotonic() + max_seconds
    vector_index = None
    if not settings.USING_POSTGRES:
        vector_index = get_vector_index()
    done = 0
    last_id = _walk_start()
    last_save = time.monotonic()
    try:
        while limit is None or done < limit:
            size = batch_size or settings.SEARCH_INDEX_BATCH
            if limit is not None:
                size = min(size, limit - done)
            count, last_id = index_batch(size, last_id)
            done += count
            if progress and count:
                progress(count)
            if count < size:
                # A short batch was the last one: asking again would cost a
                # query per run, and most runs are a handful of new papers.
                break
            if deadline is not None and time.monotonic() > deadline:
                break
            if vector_index is not None and time.monotonic() - last_save > SAVE_EVERY_SECONDS:
                vector_index.save()
                last_save = time.monotonic()
    finally:
        if vector_index is not None and _save_due(vector_index.saved_at):
            vector_index.save()
        cache.delete(PENDING_CACHE_KEY)
    if done:
        logger.info("search: embedded %d papers", done)
    return done


def _save_due(saved_at: float | None) -> bool:
    return saved_at is None or time.monotonic() - saved_at >= SAVE_EVERY_SECONDS


def _walk_start() -> int:
    """The paper id a run starts after: 0 for a full walk, else the newest paper that has a vector."""
    global _last_full_walk
    now = time.monotonic()
    if _last_full_walk is None or now - _last_full_walk >= FULL_WALK_EVERY_SECONDS:
        _last_full_walk = now
        return 0
    return _newest_embedded()


def rebuild_vector_index() -> int:
    """Rebuild the embedded mode's ANN file from the vectors in the database (no re-embedding)."""
    vector_index = get_vector_index()
    vector_index.delete_files()
    vector_index.load_fresh()
    vector_index.save()
    return vector_index.watermark


def forget_vectors() -> int:
    """Delete every stored vector (``index rebuild`` then embeds everything again)."""
    global _last_full_walk
    deleted, _ = PaperVector.objects.all().delete()
    _last_full_walk = None
    if not settings.USING_POSTGRES:
        get_vector_index().delete_files()
    cache.delete(PENDING_CACHE_KEY)
    return deleted
