"""The first stage of a search: what the keyword index and the vector index each find for a query.

Both lists pass every filter (category, author, dates, phrases, exclusions,
hidden papers), so every result shown passes every filter. The semantic
search runs in the background while the keyword query does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from paperwire.search.keyword import filtered_papers, keyword_search
from paperwire.search.query import ParsedQuery
from paperwire.search.ranking import DEFAULT_RANKING, Ranking
from paperwire.search.vectors import nearest_to_text

# (paper id, score), best first.
Scored = tuple[int, float]

# Hidden or filtered-out papers are dropped from the ANN's neighbours after
# the look-up, so it is asked for this many more than the ranking wants.
SEMANTIC_OVERFETCH = 20


@dataclass(frozen=True)
class Candidates:
    """What each list found for one query, before fusion."""

    keyword: list[Scored]
    semantic: list[Scored]


def keyword_candidates(query: ParsedQuery, ranking: Ranking = DEFAULT_RANKING) -> list[Scored]:
    """The keyword list: best bm25 / ts_rank matches that pass every filter (none if its weight is 0)."""
    if not ranking.uses_keywords:
        return []
    return keyword_search(query, ranking.keyword_candidates, ranking)


def semantic_candidates(
    query: ParsedQuery,
    ranking: Ranking = DEFAULT_RANKING,
    *,
    text: str | None = None,
    neighbours: Callable[[], list[Scored]] | None = None,
) -> list[Scored]:
    """The semantic list: nearest vectors above the similarity floor that pass every filter.

    Embeds ``text`` when given (the raw pasted text of the related-work page),
    the parsed words otherwise; ``neighbours`` is a search already started
    with :func:`start_semantic`. None if the semantic weight is 0.
    """
    if neighbours is None:
        neighbours = start_semantic(query, ranking, text=text)
    if neighbours is None:
        return []
    near = [
        (paper_id, similarity) for paper_id, similarity in neighbours() if similarity >= ranking.semantic_min_similarity
    ]
    if not near:
        return []
    candidate_ids = [paper_id for paper_id, _ in near]
    allowed = set(filtered_papers(query).filter(id__in=candidate_ids).values_list("id", flat=True))
    kept = [(paper_id, similarity) for paper_id, similarity in near if paper_id in allowed]
    return kept[: ranking.semantic_candidates]


def start_semantic(
    query: ParsedQuery, ranking: Ranking = DEFAULT_RANKING, *, text: str | None = None
) -> Callable[[], list[Scored]] | None:
    """The nearest-vector search for ``query`` started in the background (None: no semantic list)."""
    text = text if text is not None else query.text
    if not ranking.uses_semantics or not text.strip():
        return None
    return nearest_to_text(text, ranking.semantic_candidates + SEMANTIC_OVERFETCH)


def find_candidates(query: ParsedQuery, ranking: Ranking, *, embed_text: str | None = None) -> Candidates:
    # The semantic search runs while the keyword query does (vectors.nearest_to_text).
    neighbours = start_semantic(query, ranking, text=embed_text)
    keyword = keyword_candidates(query, ranking)
    semantic = semantic_candidates(query, ranking, neighbours=neighbours) if neighbours is not None else []
    return Candidates(keyword=keyword, semantic=semantic)
