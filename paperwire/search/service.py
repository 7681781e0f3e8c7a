"""Hybrid search: the one function the page, the JSON endpoints, the API and the benchmark call.

A query runs twice: through the keyword index (bm25 / ts_rank) and, as a
MiniLM vector, through the ANN index. The two ranked lists are fused with
weighted reciprocal rank fusion. Filters (category, author, dates, phrases,
exclusions, hidden papers) apply to both lists, so every result shown passes
every filter.

``search()`` is a pipeline of named stages, each in the module that holds it
and usable on its own (the quality benchmark reuses candidates across fusion
settings):

    parse_search -> [identifier look-up] -> match (candidates.find_candidates,
    fusion.fuse, fusion.relevant) -> [spelling: corrected] -> [pinning.find_pins]
    -> pinning.pinned_order (fusion.order, pin) -> results.page_window -> results.hydrate

An arXiv id, arXiv / Hugging Face link or DOI is answered by look-up alone
(lookup.py); a word no paper contains is corrected from the index's own
vocabulary (spelling.py); a typed title and a person's papers come first
(pinning.py).

Every tuning constant comes from the :class:`~paperwire.search.ranking.Ranking`
passed in (``DEFAULT_RANKING`` unless a caller says otherwise).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date
from typing import cast

from django.db.models import F

from paperwire.papers.models import Paper
from paperwire.papers.querysets import PaperQuerySet
from paperwire.search.candidates import Candidates
from paperwire.search.fusion import Matched, keyword_list_full, match
from paperwire.search.indexing import cached_pending_count
from paperwire.search.keyword import filtered_papers
from paperwire.search.lookup import Identifier, find_identified, identifier_of
from paperwire.search.pinning import Pins, find_pins, pinned_order
from paperwire.search.query import ParsedQuery, parse_query, words_of
from paperwire.search.ranking import DEFAULT_RANKING, Ranking
from paperwire.search.results import (
    MAX_PAGE,
    MAX_PER_PAGE,
    MODES,
    SORTS,
    SearchHit,
    SearchResults,
    filtered_author,
    hydrate,
    page_window,
)
from paperwire.search.spelling import suggest

# The callers' names for what a search returns and accepts.
__all__ = ["MODES", "SORTS", "SearchHit", "SearchResults", "find_related", "parse_search", "search"]

logger = logging.getLogger(__name__)


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
    results = _empty_results(parsed, sort=sort, mode=mode, page=page, per_page=per_page)
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
    ranking = _for_mode(ranking, results.mode)
    if literal:
        # MiniLM reads punctuation too, so the related-work page embeds the raw pasted text.
        _rank_into(results, match(parsed, query, ranking, embed_text=query), Pins(), ranking)
        return results
    typed = match(parsed, query, ranking)
    searched = _corrected(results, typed, ranking, apply=correct)
    _rank_into(results, searched, find_pins(searched, typed), ranking)
    return results


def _empty_results(parsed: ParsedQuery, *, sort: str, mode: str, page: int, per_page: int) -> SearchResults:
    """The results before anything is found, with the request's paging and sort read into range."""
    return SearchResults(
        query=parsed,
        items=[],
        total=0,
        page=max(1, min(int(page), MAX_PAGE)),
        per_page=max(1, min(int(per_page), MAX_PER_PAGE)),
        sort=sort if sort in SORTS else "relevance",
        mode=mode if mode in MODES else "hybrid",
        pending_index_count=cached_pending_count(),
        notes=list(parsed.notes),
    )


def _corrected(results: SearchResults, typed: Matched, ranking: Ranking, *, apply: bool) -> Matched:
    """The spelling stage: the corrected query's matches when a correction finds any, else the typed ones.

    A correction that is not applied (``apply=False``, or it finds nothing)
    is offered as "Did you mean …".
    """
    suggestion = suggest(typed.query, typed.text)
    if suggestion is None:
        return typed
    corrected = match(suggestion.applied_to(typed.query), suggestion.text, ranking) if apply else None
    if corrected is None or not corrected.matches:
        results.suggestion = suggestion.text
        return typed
    results.query = corrected.query
    results.corrected_query = suggestion.text
    return corrected


def _rank_into(results: SearchResults, searched: Matched, pins: Pins, ranking: Ranking) -> None:
    """The matches ordered, pinned and cut to the page asked for."""
    if pins.authors:
        results.person = next(iter(pins.authors.values()))
    if pins.title_id is not None:
        results.lookup = "title"
    ranked = pinned_order(searched.matches, results.sort, pins)
    results.total = len(ranked)
    results.total_capped = keyword_list_full(searched.found, ranking)
    window = page_window(ranked, results.page, results.per_page)
    results.items = hydrate(window, searched.query, searched.found, authors=pins.authors)


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
        results.items.append(SearchHit(paper, 0.0, None, (), filtered_author(results.query, paper)))


def find_related(text: str, *, page: int = 1, per_page: int = 20, category: str | None = None) -> SearchResults:
    """Papers closest to a pasted abstract or draft (plain text, no query operators)."""
    return search(text, literal=True, page=page, per_page=per_page, category=category)
