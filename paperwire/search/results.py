"""The last stage of a search: the page of results a caller gets, with its papers and their marked-up text."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.safestring import SafeString

from paperwire.lib.excerpts import card_opening
from paperwire.papers.models import Paper
from paperwire.search.candidates import Candidates, Scored
from paperwire.search.highlight import highlight, match_pattern, snippet
from paperwire.search.names import matching_author
from paperwire.search.query import ParsedQuery

SORTS: tuple[str, ...] = ("relevance", "newest", "upvotes")
MODES: tuple[str, ...] = ("hybrid", "keyword", "semantic")
MAX_PER_PAGE = 100
MAX_PAGE = 1000


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

    @cached_property
    def excerpt_html(self) -> SafeString | None:
        """The abstract around its first match, for the card to show in place of its opening.

        None when the opening (the summary, else the abstract's first
        sentences) already has a match, or nothing typed is in the abstract:
        the card's own opening then says it, and no sentence shows twice.
        """
        abstract = self.paper.abstract or ""
        if self.pattern is None or not self.pattern.search(abstract):
            return None
        if self.pattern.search(card_opening(self.paper.ai_summary or "", abstract)):
            return None
        return snippet(abstract, self.pattern)

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


def page_window(ranked: list[Scored], page: int, per_page: int) -> list[Scored]:
    return ranked[(page - 1) * per_page : page * per_page]


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
        author = authors.get(paper_id) or filtered_author(query, paper)
        hits.append(SearchHit(paper, score, pattern, matched, author))
    return hits


def filtered_author(query: ParsedQuery, paper: Paper) -> str | None:
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
