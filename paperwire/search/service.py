"""Hybrid search: the one function the page, the JSON endpoints, the API and the benchmark call.

A query runs twice: through the keyword index (bm25 / ts_rank) and, as a
MiniLM vector, through the ANN index. The two ranked lists are fused with
weighted reciprocal rank fusion (docs/search.md explains each constant).
Filters (category, author, dates, phrases, exclusions, hidden papers) apply to
both lists, so every result shown passes every filter.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

from django.db.models import F
from django.utils.safestring import SafeString

from paperwire.papers.models import Paper
from paperwire.search.embedder import get_embedder
from paperwire.search.highlight import highlight, match_pattern, snippet
from paperwire.search.indexing import cached_pending_count
from paperwire.search.keyword import filtered_papers, keyword_search
from paperwire.search.query import ParsedQuery, parse_query, words_of
from paperwire.search.vectors import nearest_papers

logger = logging.getLogger(__name__)

Sort = Literal["relevance", "newest", "upvotes"]
Mode = Literal["hybrid", "keyword", "semantic"]
SORTS: tuple[str, ...] = ("relevance", "newest", "upvotes")
MODES: tuple[str, ...] = ("hybrid", "keyword", "semantic")

# How many candidates each list contributes before fusion. Results beyond
# this are not shown (page 10 of 20 is already rare); recall@100 needs ≥ 100.
KEYWORD_CANDIDATES = 200
SEMANTIC_CANDIDATES = 100
# Reciprocal rank fusion: score = Σ weight / (RRF_K + rank). Cormack et al.
# (2009) use k=60; on SciFact's train queries k=10 (top ranks count more) and
# a slightly lower semantic weight won (grid in bench/search_quality.py
# --tune; docs/search.md). Never tuned on the test queries.
RRF_K = 10
KEYWORD_WEIGHT = 1.0
SEMANTIC_WEIGHT = 0.8
# Semantic neighbours below this cosine similarity are noise for MiniLM
# (unrelated abstracts score 0.0-0.2), so gibberish finds nothing instead of
# the 100 "least unrelated" papers.
SEMANTIC_MIN_SIMILARITY = 0.25
MAX_PER_PAGE = 100
MAX_PAGE = 1000


@dataclass(frozen=True)
class SearchHit:
    paper: Paper
    score: float
    title_html: SafeString
    snippet_html: SafeString
    matched_by: tuple[str, ...]  # "keyword", "semantic", or neither for filter-only lists

    @property
    def semantic_only(self) -> bool:
        """Found by meaning alone: none of the typed words is in the paper."""
        return self.matched_by == ("semantic",)


@dataclass
class SearchResults:
    query: ParsedQuery
    items: list[SearchHit]
    total: int
    page: int
    per_page: int
    sort: str
    mode: str
    pending_index_count: int
    notes: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page)) if self.per_page else 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def ids(self) -> list[int]:
        return [hit.paper.pk for hit in self.items]


def fuse(
    keyword: list[tuple[int, float]],
    semantic: list[tuple[int, float]],
    *,
    k: float = RRF_K,
    keyword_weight: float = KEYWORD_WEIGHT,
    semantic_weight: float = SEMANTIC_WEIGHT,
) -> list[tuple[int, float]]:
    """Weighted reciprocal rank fusion of two ranked (id, score) lists; ties keep keyword order."""
    scores: dict[int, float] = {}
    for weight, ranked in ((keyword_weight, keyword), (semantic_weight, semantic)):
        for rank, (paper_id, _) in enumerate(ranked, start=1):
            scores[paper_id] = scores.get(paper_id, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda item: -item[1])


def _semantic_candidates(query: ParsedQuery, limit: int, text: str | None = None) -> list[tuple[int, float]]:
    text = text if text is not None else query.text
    if not text.strip() or limit <= 0:
        return []
    vector = get_embedder().embed([text])[0]
    # Ask for more than needed: hidden or filtered-out papers are dropped below.
    neighbours = [
        (paper_id, similarity)
        for paper_id, similarity in nearest_papers(vector, limit + 20)
        if similarity >= SEMANTIC_MIN_SIMILARITY
    ]
    if not neighbours:
        return []
    candidate_ids = [paper_id for paper_id, _ in neighbours]
    allowed = set(filtered_papers(query).filter(id__in=candidate_ids).values_list("id", flat=True))
    return [(paper_id, similarity) for paper_id, similarity in neighbours if paper_id in allowed][:limit]


def _clean_sort(sort: str) -> str:
    return sort if sort in SORTS else "relevance"


def _with_widget_filters(
    query: ParsedQuery, category: str | None, author: str | None, after: date | None, before: date | None
) -> ParsedQuery:
    """Fold the form's filter widgets into the parsed query (the widgets win over typed filters)."""
    extra = parse_query(
        " ".join(
            part
            for part in (
                f"cat:{category}" if category else "",
                'author:"' + " ".join(words_of(author)) + '"' if author and words_of(author) else "",
            )
            if part
        )
    )
    return replace(
        query,
        categories=tuple(dict.fromkeys(query.categories + extra.categories)),
        authors=query.authors + extra.authors,
        after=after or query.after,
        before=before or query.before,
        notes=query.notes + extra.notes,
    )


def search(
    query: str,
    *,
    category: str | None = None,
    author: str | None = None,
    after: date | None = None,
    before: date | None = None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 20,
    mode: str = "hybrid",
    literal: bool = False,
) -> SearchResults:
    """Search visible papers.

    ``query`` is the search box's text in the query language (words,
    "phrases", -excluded, author:, cat:, after:, before:); the keyword
    arguments are the filter widgets and are AND-ed with it. ``literal=True``
    reads ``query`` as plain text with no operators (the "Find related work"
    page, where pasted abstracts contain dashes and colons). ``sort`` is
    relevance, newest or upvotes; ``mode`` is hybrid, keyword or semantic (the
    last two exist for the quality benchmark). Never raises on any query text;
    an empty result means nothing matched. ``pending_index_count`` says how
    many papers are only findable by keywords because they have no vector yet.
    """
    if literal:
        words = tuple(words_of(query or ""))
        parsed = ParsedQuery(terms=words, text=" ".join(words))
    else:
        parsed = parse_query(query)
    parsed = _with_widget_filters(parsed, category, author, after, before)
    sort = _clean_sort(sort)
    mode = mode if mode in MODES else "hybrid"
    per_page = max(1, min(int(per_page), MAX_PER_PAGE))
    page = max(1, min(int(page), MAX_PAGE))
    results = SearchResults(
        query=parsed,
        items=[],
        total=0,
        page=page,
        per_page=per_page,
        sort=sort,
        mode=mode,
        pending_index_count=cached_pending_count(),
        notes=list(parsed.notes),
    )
    if parsed.is_empty:
        return results

    if not parsed.has_text:
        # Only filters (author: included): list what passes them, newest first unless asked otherwise.
        _list_filtered(results)
        return results

    keyword = keyword_search(parsed, KEYWORD_CANDIDATES) if mode in ("hybrid", "keyword") else []
    semantic: list[tuple[int, float]] = []
    if mode in ("hybrid", "semantic") and parsed.has_text:
        # Embed the raw pasted text for the related-work page (MiniLM reads
        # punctuation too); the parsed words otherwise.
        semantic = _semantic_candidates(parsed, SEMANTIC_CANDIDATES, text=query if literal else None)
    # Module constants read at call time, so the quality benchmark's tuning sees its trial values.
    ranked = fuse(keyword, semantic, k=RRF_K, keyword_weight=KEYWORD_WEIGHT, semantic_weight=SEMANTIC_WEIGHT)
    keyword_ids = {paper_id for paper_id, _ in keyword}
    semantic_ids = {paper_id for paper_id, _ in semantic}

    if sort != "relevance" and ranked:
        order = "-published" if sort == "newest" else "-upvote_count"
        ids = [paper_id for paper_id, _ in ranked]
        scores = dict(ranked)
        sorted_ids = list(
            Paper.objects.filter(id__in=ids)
            .order_by(F(order[1:]).desc(nulls_last=True), "-id")
            .values_list("id", flat=True)
        )
        ranked = [(paper_id, scores[paper_id]) for paper_id in sorted_ids]

    results.total = len(ranked)
    window = ranked[(page - 1) * per_page : page * per_page]
    papers = Paper.objects.in_bulk([paper_id for paper_id, _ in window])
    pattern = match_pattern(parsed.keyword_terms() + [word for phrase in parsed.phrases for word in phrase])
    for paper_id, score in window:
        paper = papers.get(paper_id)
        if paper is None or paper.hidden:
            continue  # deleted or hidden between the two queries
        matched = tuple(name for name, ids in (("keyword", keyword_ids), ("semantic", semantic_ids)) if paper_id in ids)
        results.items.append(
            SearchHit(paper, score, highlight(paper.title, pattern), snippet(paper.abstract, pattern), matched)
        )
    return results


def _list_filtered(results: SearchResults) -> None:
    papers = filtered_papers(results.query)
    if results.sort == "upvotes":
        papers = papers.order_by("-upvote_count", "-id")
    else:
        papers = papers.order_by(F("published").desc(nulls_last=True), "-id")
    results.total = papers.count()
    start = (results.page - 1) * results.per_page
    for paper in papers[start : start + results.per_page]:
        results.items.append(SearchHit(paper, 0.0, highlight(paper.title, None), snippet(paper.abstract, None), ()))


def find_related(text: str, *, page: int = 1, per_page: int = 20, category: str | None = None) -> SearchResults:
    """Papers closest to a pasted abstract or draft (plain text, no query operators)."""
    return search(text, literal=True, page=page, per_page=per_page, category=category)
