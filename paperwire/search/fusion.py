"""The middle of a search: the two candidate lists fused, cut to the matches, ordered by the chosen sort.

Weighted reciprocal rank fusion ranks every candidate either list found;
only those past the relevance floor count as matches (docs/search.md,
"Matches"). Every constant comes from the :class:`Ranking` passed in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db.models import F

from paperwire.papers.models import Paper
from paperwire.search.candidates import Candidates, Scored, find_candidates
from paperwire.search.query import ParsedQuery
from paperwire.search.ranking import DEFAULT_RANKING, Ranking


@dataclass(frozen=True)
class Matched:
    """One query's candidates and its matches (fused, past the floor), with the text it was typed as."""

    query: ParsedQuery
    text: str
    found: Candidates
    matches: list[Scored]


def match(query: ParsedQuery, text: str, ranking: Ranking, *, embed_text: str | None = None) -> Matched:
    """Both lists for ``query``, and their fusion cut to the relevance floor."""
    found = find_candidates(query, ranking, embed_text=embed_text)
    return Matched(query, text, found, relevant(fuse(found.keyword, found.semantic, ranking), found, ranking))


def fuse(keyword: list[Scored], semantic: list[Scored], ranking: Ranking = DEFAULT_RANKING) -> list[Scored]:
    """Weighted reciprocal rank fusion of two ranked lists; ties keep keyword order.

    A list whose weight is 0 takes no part, so its papers are not appended with
    a score of 0.
    """
    scores: dict[int, float] = {}
    for weight, ranked in ((ranking.keyword_weight, keyword), (ranking.semantic_weight, semantic)):
        if weight <= 0:
            continue
        for rank, (paper_id, _) in enumerate(ranked, start=1):
            scores[paper_id] = scores.get(paper_id, 0.0) + weight / (ranking.rrf_k + rank)
    return sorted(scores.items(), key=lambda item: -item[1])


def relevant(fused: list[Scored], found: Candidates, ranking: Ranking = DEFAULT_RANKING) -> list[Scored]:
    """The fused candidates that pass the relevance floor, in fused order (docs/search.md, "Matches").

    A keyword candidate passes with a score of at least ``keyword_match_ratio``
    of the best keyword score (a paper sharing one common word with a
    four-word query scores far below one that has all four); a semantic one
    with a similarity of at least ``semantic_match_similarity``.
    """
    best = max((score for _, score in found.keyword), default=0.0)
    keyword_floor = ranking.keyword_match_ratio * best if best > 0 else -math.inf
    passing = {paper_id for paper_id, score in found.keyword if score >= keyword_floor}
    passing |= {paper_id for paper_id, similarity in found.semantic if similarity >= ranking.semantic_match_similarity}
    return [(paper_id, score) for paper_id, score in fused if paper_id in passing]


def keyword_list_full(found: Candidates, ranking: Ranking) -> bool:
    """Whether more papers would pass the floor than the keyword list had room for."""
    if not found.keyword or len(found.keyword) < ranking.keyword_candidates:
        return False
    best = max(score for _, score in found.keyword)
    return found.keyword[-1][1] >= ranking.keyword_match_ratio * best


def order(ranked: list[Scored], sort: str) -> list[Scored]:
    """The fused list re-ordered by newest or most upvoted (relevance keeps the fused order)."""
    if sort == "relevance" or not ranked:
        return ranked
    column = "published" if sort == "newest" else "upvote_count"
    scores = dict(ranked)
    sorted_ids = (
        Paper.objects.filter(id__in=list(scores))
        .order_by(F(column).desc(nulls_last=True), "-id")
        .values_list("id", flat=True)
    )
    return [(paper_id, scores[paper_id]) for paper_id in sorted_ids]
