"""Vector look-ups for both modes: usearch on SQLite, pgvector HNSW on PostgreSQL."""

from __future__ import annotations

import numpy as np
from django.conf import settings
from django.db import connection

from paperwire.search.ann import get_vector_index
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
