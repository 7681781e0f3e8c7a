"""Free-text interests: embedded once when saved, compared with paper vectors.

Both halves come from the search app (``get_embedder`` and ``paper_vectors``).
A deployment whose embedder cannot load, or a paper that has no vector yet,
still gets a digest, just in trending order and without a "why you see
this" line.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from django.conf import settings

from paperwire.digests.models import Subscription
from paperwire.search.embedder import get_embedder
from paperwire.search.vectors import paper_vectors

logger = logging.getLogger(__name__)

# Below this cosine similarity an interest does not explain a pick.
WHY_THRESHOLD = 0.2


def embed_interests(lines: list[str]) -> tuple[bytes | None, str]:
    """float32 rows for each interest line, or (None, "") without an embedder."""
    if not lines:
        return None, ""
    try:
        matrix = np.asarray(get_embedder().embed(lines), dtype=np.float32)
    except Exception:  # a missing embedder class or model file must never block saving preferences
        logger.warning("digests: interests not embedded (no embedder available)", exc_info=True)
        return None, ""
    return matrix.tobytes(), settings.EMBEDDER


def store_interest_vectors(subscription: Subscription) -> None:
    blob, embedder = embed_interests(subscription.interest_lines)
    subscription.interest_vectors = blob
    subscription.interest_embedder = embedder


def interest_matrix(subscription: Subscription, dim: int) -> np.ndarray | None:
    blob = subscription.interest_vectors
    # Vectors from another embedder live in another space: ignore them.
    if not blob or subscription.interest_embedder != settings.EMBEDDER:
        return None
    matrix = np.frombuffer(bytes(blob), dtype=np.float32)
    if matrix.size == 0 or matrix.size % dim:
        return None
    return matrix.reshape(-1, dim)


def load_paper_vectors(paper_ids: Iterable[int]) -> dict[int, np.ndarray]:
    ids = list(paper_ids)
    if not ids:
        return {}
    try:
        return {int(k): np.asarray(v, dtype=np.float32) for k, v in paper_vectors(ids).items()}
    except Exception:  # the search index being unavailable must not stop the digest
        logger.warning("digests: paper vectors unavailable", exc_info=True)
        return {}


@dataclass(frozen=True)
class InterestMatch:
    score: float
    interest: str


def best_matches(
    subscription: Subscription, paper_ids: list[int], vectors: dict[int, np.ndarray]
) -> dict[int, InterestMatch]:
    """For each paper with a vector: the subscriber's closest interest and its similarity."""
    lines = subscription.interest_lines
    with_vectors = [pid for pid in paper_ids if pid in vectors]
    if not lines or not with_vectors:
        return {}
    dim = int(vectors[with_vectors[0]].shape[0])
    matrix = interest_matrix(subscription, dim)
    if matrix is None or matrix.shape[0] != len(lines):
        return {}
    papers = np.stack([vectors[pid] for pid in with_vectors])
    similarity = papers @ matrix.T  # rows are unit length: dot = cosine
    best = similarity.argmax(axis=1)
    return {
        pid: InterestMatch(float(similarity[row, best[row]]), lines[int(best[row])])
        for row, pid in enumerate(with_vectors)
    }
