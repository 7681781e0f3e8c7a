"""Hybrid search: the one function the page, the JSON endpoints, the API and the benchmark call.

A query runs twice: through the keyword index (bm25 / ts_rank) and, as a
MiniLM vector, through the ANN index. The two ranked lists are fused with
weighted reciprocal rank fusion. Filters (category, author, dates, phrases,
exclusions, hidden papers) apply to both lists, so every result shown passes
every filter.

``search()`` is a pipeline of named stages, each usable on its own (the
quality benchmark reuses candidates across fusion settings):

    parse_search -> [identifier look-up] -> find_candidates (keyword_candidates,
    semantic_candidates) -> fuse -> relevant -> [spelling correction]
    -> [exact title, a person's papers] -> order -> pin -> page_window -> hydrate

An arXiv id, arXiv / Hugging Face link or DOI is answered by look-up alone
(lookup.py); a word no paper contains is corrected from the index's own
vocabulary (suggest.py); a query that is a person's name puts that person's
papers first (names.py).

Every tuning constant comes from the :class:`~paperwire.search.ranking.Ranking`
passed in (``DEFAULT_RANKING`` unless a caller says otherwise).
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import Literal, cast

from django.db.models import F
from django.utils.safestring import SafeString

from paperwire.papers.models import Paper
from paperwire.papers.querysets import PaperQuerySet
from paperwire.search.highlight import highlight, match_pattern, snippet
from paperwire.search.indexing import cached_pending_count
from paperwire.search.keyword import filtered_papers, keyword_search
from paperwire.search.lookup import (
    Identifier,
    exact_title_match,
    find_identified,
    identifier_of,
    near_title_match,
)
from paperwire.search.names import matching_author, name_words, papers_by_person
from paperwire.search.query import ParsedQuery, parse_query, words_of
from paperwire.search.ranking import DEFAULT_RANKING, Ranking
from paperwire.search.suggest import suggest
from paperwire.search.vectors import nearest_to_text

logger = logging.getLogger(__name__)

Sort = Literal["relevance", "newest", "upvotes"]
Mode = Literal["hybrid", "keyword", "semantic"]
SORTS: tuple[str, ...] = ("relevance", "newest", "upvotes")
MODES: tuple[str, ...] = ("hybrid", "keyword", "semantic")
# (paper id, score), best first.
Scored = tuple[int, float]

# Hidden or filtered-out papers are dropped from the ANN's neighbours after
# the look-up, so it is asked for this many more than the ranking wants.
SEMANTIC_OVERFETCH = 20
MAX_PER_PAGE = 100
MAX_PAGE = 1000
# A typed title with a few typos is looked for among this many of the best keyword candidates.
NEAR_TITLE_CANDIDATES = 30


@dataclass(frozen=True)
class SearchHit:
    paper: Paper
    score: float
    # The query's words as highlight() marks them (None: nothing to mark).
    pattern: re.Pattern[str] | None
    matched_by: tuple[str, ...]  # "keyword", "semantic", or neither for filter-only lists
    # The author the query named (a name query or author:), as written on the paper,
    # so the page can show it when the list is cut to "et al.".
    matched_author: str | None = None

    # Marked up when shown: the Hugging Face API answers without them, and
    # twenty snippets are a millisecond or two of every request.
    @cached_property
    def title_html(self) -> SafeString:
        return highlight(self.paper.title, self.pattern)

    @cached_property
    def snippet_html(self) -> SafeString:
        return snippet(self.paper.abstract, self.pattern)

    @property
    def matched_author_hidden(self) -> bool:
        """The named author is not among the first three the card shows."""
        shown = list(self.paper.authors or [])[:3] if len(self.paper.authors or []) > 3 else self.paper.authors
        return self.matched_author is not None and self.matched_author not in (shown or [])

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
    # What pinned the first result: "arXiv id", "DOI", "title" or "" (ranked only).
    lookup: str = ""
    # An arXiv id paperwire does not have (the page offers to fetch it).
    missing_arxiv_id: str = ""
    # A correction was applied: the text searched instead of the typed one.
    corrected_query: str = ""
    # A correction that was not applied ("Did you mean …").
    suggestion: str = ""
    # The person a name query matched, as written on their newest paper.
    person: str = ""
    # The keyword list was full and its last paper still passed the floor: more match than were ranked.
    total_capped: bool = False

    @property
    def total_label(self) -> str:
        """The count as a person should read it: matches are an estimate from ranked candidates."""
        if self.total == 0:
            return "no results"
        if self.total == 1:
            return "1 result"
        if self.total_capped:
            return f"more than {self.total:,} results"
        if self.lookup or not self.query.has_text:
            return f"{self.total:,} results"
        return f"about {self.total:,} results"

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


@dataclass(frozen=True)
class Candidates:
    """What each list found for one query, before fusion."""

    keyword: list[Scored]
    semantic: list[Scored]


# -- parse ----------------------------------------------------------------------


def parse_search(
    query: str,
    *,
    literal: bool = False,
    category: str | None = None,
    author: str | None = None,
    after: date | None = None,
    before: date | None = None,
) -> ParsedQuery:
    """The search box's text and the form's filter widgets as one query (the widgets win)."""
    if literal:
        words = tuple(words_of(query or ""))
        parsed = ParsedQuery(terms=words, text=" ".join(words))
    else:
        parsed = parse_query(query)
    return _with_widget_filters(parsed, category, author, after, before)


def _with_widget_filters(
    query: ParsedQuery, category: str | None, author: str | None, after: date | None, before: date | None
) -> ParsedQuery:
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


# -- candidates -----------------------------------------------------------------


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


# -- fuse, order, page ----------------------------------------------------------


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


def pin(ranked: list[Scored], first: list[int]) -> list[Scored]:
    """``ranked`` with the papers of ``first`` moved (or added) to the top, in that order."""
    if not first:
        return ranked
    scores = dict(ranked)
    top = list(dict.fromkeys(first))
    pinned = set(top)
    return [(paper_id, scores.get(paper_id, 0.0)) for paper_id in top] + [
        (paper_id, score) for paper_id, score in ranked if paper_id not in pinned
    ]


def page_window(ranked: list[Scored], page: int, per_page: int) -> list[Scored]:
    return ranked[(page - 1) * per_page : page * per_page]


# -- hydrate --------------------------------------------------------------------


def hydrate(
    window: list[Scored], query: ParsedQuery, found: Candidates, *, authors: dict[int, str] | None = None
) -> list[SearchHit]:
    """The window's papers with highlighted title and snippet, in window order.

    ``authors`` names the matched author of papers found by a name query;
    author: filters name theirs too.
    """
    authors = authors or {}
    # With list entries and submitters: every caller (page, APIs, feeds) shows them.
    papers = Paper.objects.with_entry().in_bulk([paper_id for paper_id, _ in window])
    pattern = match_pattern(query.keyword_terms() + [word for phrase in query.phrases for word in phrase])
    lists = (
        ("keyword", {paper_id for paper_id, _ in found.keyword}),
        ("semantic", {paper_id for paper_id, _ in found.semantic}),
    )
    hits: list[SearchHit] = []
    for paper_id, score in window:
        paper = papers.get(paper_id)
        if paper is None or paper.hidden:
            continue  # deleted or hidden between the two queries
        matched = tuple(name for name, ids in lists if paper_id in ids)
        author = authors.get(paper_id) or _filtered_author(query, paper)
        hits.append(SearchHit(paper, score, pattern, matched, author))
    return hits


def _filtered_author(query: ParsedQuery, paper: Paper) -> str | None:
    """The author an author: filter matched: the same person, else the first with every word."""
    for name in query.authors:
        words = tuple(word.lower() for word in name)
        author = matching_author(words, paper.authors)
        if author is not None:
            return author
        for written in paper.authors or []:
            if isinstance(written, str) and all(word in written.lower() for word in words):
                return written
    return None


# -- the pipeline ---------------------------------------------------------------


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
    ranking: Ranking = DEFAULT_RANKING,
    correct: bool = True,
) -> SearchResults:
    """Search visible papers.

    ``query`` is the search box's text in the query language (words,
    "phrases", -excluded, author:, cat:, after:, before:); the keyword
    arguments are the filter widgets and are AND-ed with it. ``literal=True``
    reads ``query`` as plain text with no operators (the "Find related work"
    page, where pasted abstracts contain dashes and colons). ``sort`` is
    relevance, newest or upvotes. ``ranking`` holds every tuning constant;
    ``mode`` keyword or semantic is shorthand for ``ranking`` with the other
    list's weight at 0. Never raises on any query text; an empty result means
    nothing matched. ``pending_index_count`` says how many papers are only
    findable by keywords because they have no vector yet. ``correct=False``
    searches a misspelt word as typed (the page's "search instead for").
    """
    parsed = parse_search(query, literal=literal, category=category, author=author, after=after, before=before)
    sort = sort if sort in SORTS else "relevance"
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

    identifier = None if literal else identifier_of(query)
    if identifier is not None:
        _answer_identifier(results, identifier)
        return results

    ranking = _for_mode(ranking, mode)
    # MiniLM reads punctuation too, so the related-work page embeds the raw pasted text.
    found, matches = _matches(parsed, ranking, embed_text=query if literal else None)
    text = query
    typed_found = found
    suggestion = None if literal else suggest(parsed, query)
    if suggestion is not None and correct:
        # A word no paper contains matched nothing: every match ignored it. Its
        # nearest known word is searched instead, unless that finds nothing.
        corrected = parse_search(suggestion.text, category=category, author=author, after=after, before=before)
        corrected_found, corrected_matches = _matches(corrected, ranking)
        if corrected_matches:
            parsed, found, matches, text = corrected, corrected_found, corrected_matches, suggestion.text
            results.query = parsed
            results.corrected_query = suggestion.text
        else:
            results.suggestion = suggestion.text
    elif suggestion is not None:
        results.suggestion = suggestion.text

    first: list[int] = []
    authors: dict[int, str] = {}
    if not literal:
        allowed = filtered_papers(replace(parsed, terms=(), phrases=(), text=""))
        title_id = exact_title_match(text, allowed)
        if title_id is None:
            near = [
                paper_id
                for candidates in (found, typed_found)
                for paper_id, _ in candidates.keyword[:NEAR_TITLE_CANDIDATES] + candidates.semantic[:10]
            ]
            title_id = near_title_match(list(dict.fromkeys([text, query])), near)
        person = name_words(parsed)
        if person is not None:
            authors = papers_by_person(person, allowed)
            if authors:
                results.person = next(iter(authors.values()))
                # The person's papers are matches, best ranked first, then the newest.
                listed = {paper_id for paper_id, _ in matches}
                matches = matches + [(paper_id, 0.0) for paper_id in authors if paper_id not in listed]
        if title_id is not None:
            results.lookup = "title"
            first.append(title_id)
    ranked = order(matches, sort)
    if authors and sort == "relevance":
        ranked = pin(ranked, [paper_id for paper_id, _ in ranked if paper_id in authors])
    ranked = pin(ranked, first)
    results.total = len(ranked)
    results.total_capped = _keyword_list_full(found, ranking)
    results.items = hydrate(page_window(ranked, page, per_page), parsed, found, authors=authors)
    return results


def _matches(query: ParsedQuery, ranking: Ranking, *, embed_text: str | None = None) -> tuple[Candidates, list[Scored]]:
    """Both lists for ``query``, and their fusion cut to the relevance floor."""
    found = find_candidates(query, ranking, embed_text=embed_text)
    return found, relevant(fuse(found.keyword, found.semantic, ranking), found, ranking)


def _keyword_list_full(found: Candidates, ranking: Ranking) -> bool:
    """Whether more papers would pass the floor than the keyword list had room for."""
    if not found.keyword or len(found.keyword) < ranking.keyword_candidates:
        return False
    best = max(score for _, score in found.keyword)
    return found.keyword[-1][1] >= ranking.keyword_match_ratio * best


def _answer_identifier(results: SearchResults, identifier: Identifier) -> None:
    """The paper an id, link or DOI names, alone; or the arXiv id to fetch when paperwire lacks it."""
    results.lookup = "arXiv id" if identifier.kind == "arxiv" else "DOI"
    query = results.query
    paper_id = find_identified(identifier, filtered_papers(replace(query, terms=(), phrases=(), text="")))
    if paper_id is None:
        # A hidden paper is not offered for fetching: paperwire has it and keeps it hidden.
        if identifier.kind == "arxiv" and not Paper.objects.filter(arxiv_id=identifier.value).exists():
            results.missing_arxiv_id = str(identifier.arxiv_id or identifier.value)
        return
    results.total = 1
    if results.page == 1:
        results.items = hydrate([(paper_id, 1.0)], query, Candidates([], []))


def _for_mode(ranking: Ranking, mode: str) -> Ranking:
    if mode == "keyword":
        return replace(ranking, semantic_weight=0.0)
    if mode == "semantic":
        return replace(ranking, keyword_weight=0.0)
    return ranking


def _list_filtered(results: SearchResults) -> None:
    papers = filtered_papers(results.query)
    if results.sort == "upvotes":
        papers = papers.order_by("-upvote_count", "-id")
    else:
        papers = papers.order_by(F("published").desc(nulls_last=True), "-id")
    results.total = papers.count()
    start = (results.page - 1) * results.per_page
    # Still the catalogue's own queryset class under the filters (.extra() types as a plain QuerySet).
    for paper in cast(PaperQuerySet, papers).with_entry()[start : start + results.per_page]:
        author = _filtered_author(results.query, paper)
        hit = SearchHit(paper, 0.0, None, (), author)
        results.items.append(hit)


def find_related(text: str, *, page: int = 1, per_page: int = 20, category: str | None = None) -> SearchResults:
    """Papers closest to a pasted abstract or draft (plain text, no query operators)."""
    return search(text, literal=True, page=page, per_page=per_page, category=category)
