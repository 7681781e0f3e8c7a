"""What a search puts first whatever the ranking: the paper whose title was typed, a named person's papers.

A title is recognised exactly (title keys, lookup.py) or with a few typos
among the best candidates of the typed and the corrected query; a query that
is a person's name adds that person's papers to the matches and, under
relevance, ranks them first (names.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.db.models import QuerySet

from paperwire.papers.models import Paper
from paperwire.search.candidates import Scored
from paperwire.search.fusion import Matched, order
from paperwire.search.keyword import filtered_papers
from paperwire.search.lookup import exact_title_match, near_title_match
from paperwire.search.names import name_words, papers_by_person
from paperwire.search.query import ParsedQuery

# A typed title with a few typos is looked for among this many of the best keyword candidates.
NEAR_TITLE_CANDIDATES = 30
NEAR_TITLE_SEMANTIC_CANDIDATES = 10


@dataclass(frozen=True)
class Pins:
    """The papers a search puts first."""

    # The paper whose title was typed, if any.
    title_id: int | None = None
    # A named person's papers: the author as written on each.
    authors: dict[int, str] = field(default_factory=dict)


def find_pins(searched: Matched, typed: Matched) -> Pins:
    """The typed title's paper and the named person's papers, among those that pass the filters."""
    allowed = filtered_papers(replace(searched.query, terms=(), phrases=(), text=""))
    return Pins(title_id=_typed_title(searched, typed, allowed), authors=_persons_papers(searched.query, allowed))


def _typed_title(searched: Matched, typed: Matched, allowed: QuerySet[Paper]) -> int | None:
    exact = exact_title_match(searched.text, allowed)
    if exact is not None:
        return exact
    near = [
        paper_id
        for candidates in (searched.found, typed.found)
        for paper_id, _ in candidates.keyword[:NEAR_TITLE_CANDIDATES]
        + candidates.semantic[:NEAR_TITLE_SEMANTIC_CANDIDATES]
    ]
    return near_title_match(list(dict.fromkeys([searched.text, typed.text])), near)


def _persons_papers(query: ParsedQuery, allowed: QuerySet[Paper]) -> dict[int, str]:
    person = name_words(query)
    return papers_by_person(person, allowed) if person is not None else {}


def pinned_order(matches: list[Scored], sort: str, pins: Pins) -> list[Scored]:
    """The matches in ``sort`` order, a person's papers added (first under relevance), the typed title first."""
    listed = {paper_id for paper_id, _ in matches}
    # The person's papers are matches, best ranked first, then the newest.
    matches = matches + [(paper_id, 0.0) for paper_id in pins.authors if paper_id not in listed]
    ranked = order(matches, sort)
    if pins.authors and sort == "relevance":
        ranked = pin(ranked, [paper_id for paper_id, _ in ranked if paper_id in pins.authors])
    return pin(ranked, [pins.title_id] if pins.title_id is not None else [])


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
