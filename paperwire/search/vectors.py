"""Vector look-ups for both modes: usearch on SQLite, pgvector HNSW on PostgreSQL."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from django.conf import settings
from django.db import connection

from paperwire.search.ann import get_vector_index
from paperwire.search.embedder import embed_query
from paperwire.search.fields import to_array
from paperwire.search.models import PaperVector

# pgvector's HNSW looks at ef_search candidates; it must be at least the
# number of results asked for, and a little more buys recall.
PG_EF_SEARCH_MIN = 100


def paper_vectors(paper_ids: list[int]) -> dict[int, np.ndarray]:
    """Unit vectors of the given papers that have one (others are left out)."""
    if not paper_ids:
        return {}
    rows = PaperVector.objects.filter(paper_id__in=list(paper_ids)).values_list("paper_id", "vector")
    result: dict[int, np.ndarray] = {}
    for paper_id, vector in rows:
        array = to_array(vector)
        if array is not None:
            result[int(paper_id)] = array
    return result


# One small pool per process (a forked web worker starts its own): see nearest_to_text.
_helpers: ThreadPoolExecutor | None = None
_helpers_pid = 0
_helpers_lock = threading.Lock()


def _helper_threads() -> ThreadPoolExecutor:
    global _helpers, _helpers_pid
    with _helpers_lock:
        if _helpers is None or _helpers_pid != os.getpid():
            _helpers = ThreadPoolExecutor(max_workers=4, thread_name_prefix="paperwire-query-vector")
            _helpers_pid = os.getpid()
        return _helpers


def nearest_to_text(text: str, k: int) -> Callable[[], list[tuple[int, float]]]:
    """Start finding the ``k`` papers nearest to ``text``; call the answer to wait for them.

    A search needs two lists, and the semantic one is model and index time
    (MiniLM and usearch, which release the GIL) while the keyword one is
    SQLite time (which releases it too): started here, the query's vector
    and, in the embedded mode, its neighbours are computed on a helper
    thread while the caller runs the keyword query, so a search on an idle
    2-core machine waits for the slower of the two instead of their sum.
    The helper never touches the database (Django connections are per
    thread): the vector index is brought up to date here first, and on
    PostgreSQL the pgvector query runs in the caller's thread when it asks.
    """
    if k <= 0:
        return lambda: []
    if settings.USING_POSTGRES:
        vector = _helper_threads().submit(embed_query, text)
        return lambda: nearest_papers(vector.result(), k)
    index = get_vector_index()
    index.ensure_current()
    found = _helper_threads().submit(lambda: index.search(embed_query(text), k, refresh=False))
    return found.result


def nearest_papers(vector: np.ndarray, k: int) -> list[tuple[int, float]]:
    """(paper id, cosine similarity) of the ``k`` nearest stored vectors, best first.

    Hidden papers are not removed here; callers filter with the catalogue.
    """
    if k <= 0:
        return []
    vector = np.asarray(vector, dtype=np.float32).reshape(-1)
    if settings.USING_POSTGRES:
        literal = "[" + ",".join(repr(float(x)) for x in vector) + "]"
        with connection.cursor() as cursor:
            cursor.execute(f"SET hnsw.ef_search = {max(PG_EF_SEARCH_MIN, int(k))}")
            cursor.execute(
                "SELECT paper_id, -(vector <#> %s::vector) FROM search_papervector "
                "ORDER BY vector <#> %s::vector LIMIT %s",
                [literal, literal, int(k)],
            )
            return [(int(paper_id), float(similarity)) for paper_id, similarity in cursor.fetchall()]
    return get_vector_index().search(vector, k)
