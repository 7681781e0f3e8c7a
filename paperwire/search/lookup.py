"""Exact look-ups: the query names one paper (an arXiv id or link, a DOI, its title).

A researcher pastes ``2401.01234v2``, ``https://arxiv.org/pdf/2401.01234``,
a huggingface.co/papers link, ``10.1145/…`` or a paper's full title and
expects that paper first. Ranking cannot promise that (an id is no word of
the abstract; a title shares its words with its follow-ups), so these are
looked up before ranking and pinned to the top.

Identifiers (ids, links, DOIs) are answered by themselves: the query is
nothing else, so the results are that paper alone, or none and the id to
fetch from arXiv. Titles are compared as lower-cased, transliterated words
(so punctuation, LaTeX braces and accents do not matter); a title with a few
typos is recognised among the ranked candidates by edit distance.

Exact titles are found through the title keys (``search_titlekey``, one
digest of each paper's title stems: :mod:`paperwire.search.title_keys`), one
index probe at any catalogue size. Papers imported since the keys were last
synced are above the highest keyed id and are looked for in the full-text
index within that small range; a title changed in bulk on an older paper is
found again once the next sync has re-keyed it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from rapidfuzz import fuzz

from paperwire.lib.arxiv_ids import ArxivId, InvalidArxivId, parse_arxiv_id
from paperwire.papers.models import Paper
from paperwire.search.keyword import FTS_MATCHING_IDS, with_words_in
from paperwire.search.models import TitleKey
from paperwire.search.normalise import normalised_words, stems
from paperwire.search.title_keys import title_key_of_words, unkeyed_range

# doi:10.1000/xyz, https://doi.org/10.1000/xyz or the bare DOI.
_DOI = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(?P<doi>10\.\d{4,9}/\S+)$", re.IGNORECASE)
# arXiv's own DOIs (10.48550/arXiv.2401.01234) name an arXiv paper.
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(?P<id>.+)$", re.IGNORECASE)
# A title needs two words: a one-word query is a topic ("Transformers"), not a title.
MIN_TITLE_WORDS = 2
# Words used to narrow unkeyed title candidates in the index; every word is compared afterwards anyway.
MAX_TITLE_INDEX_WORDS = 24
# Papers with the same title compared in Python, per source (keyed, not keyed yet).
MAX_TITLE_CANDIDATES = 50
# Words of a typed title that narrow the papers not keyed yet (see _unkeyed_title_candidates).
UNKEYED_INDEX_WORDS = 4
# A typed title within this rapidfuzz ratio (0-100) of a paper's title names it: two swapped
# letters in two words of a 60-character title score about 93.
NEAR_TITLE_RATIO = 88.0
# ... and only long queries can be typed titles: a short one is usually a topic.
NEAR_TITLE_MIN_CHARS = 24


@dataclass(frozen=True)
class Identifier:
    """The query is an identifier and nothing else."""

    kind: str  # "arxiv" or "doi"
    value: str  # the canonical arXiv id (no version) or the DOI, lower-cased
    arxiv_id: ArxivId | None = None


def identifier_of(text: str) -> Identifier | None:
    """The arXiv id, arXiv / Hugging Face link or DOI that ``text`` is, if it is one."""
    candidate = (text or "").strip()
    if not candidate or len(candidate) > 300 or any(char.isspace() for char in candidate):
        return None
    try:
        arxiv = parse_arxiv_id(candidate)
    except InvalidArxivId:
        pass
    else:
        return Identifier("arxiv", arxiv.id, arxiv)
    doi = _DOI.match(candidate)
    if doi is None:
        return None
    value = doi.group("doi").rstrip(".,;").lower()
    arxiv_doi = _ARXIV_DOI.match(value)
    if arxiv_doi:
        try:
            arxiv = parse_arxiv_id(arxiv_doi.group("id"))
        except InvalidArxivId:
            return None
        return Identifier("arxiv", arxiv.id, arxiv)
    return Identifier("doi", value)


def find_identified(identifier: Identifier, allowed: QuerySet[Paper]) -> int | None:
    """The id of the visible paper ``identifier`` names among ``allowed``, if paperwire has it."""
    if identifier.kind == "arxiv":
        papers = allowed.filter(arxiv_id=identifier.value)
    else:
        # DOIs are case-insensitive; stored as imported, so compared without case.
        papers = allowed.filter(doi__iexact=identifier.value)
    return papers.order_by("id").values_list("id", flat=True).first()


def _keyed_title_candidates(words: tuple[str, ...], allowed: QuerySet[Paper]) -> QuerySet[Paper]:
    """Papers of ``allowed`` whose title key is that of ``words``: one probe of the key index."""
    # A subquery, not a join: the planner then always starts from the key
    # index, never from a walk over the papers in id order.
    keyed = TitleKey.objects.filter(key=title_key_of_words(words)).values("paper_id")
    return allowed.filter(id__in=keyed)


def _unkeyed_title_candidates(words: tuple[str, ...], allowed: QuerySet[Paper], after: int | None) -> QuerySet[Paper]:
    """Papers above id ``after`` (all of them for None) whose title contains every word of ``words``.

    Found through the full-text index, which stems the words itself.
    """
    narrowing = sorted(set(words), key=len, reverse=True)[:MAX_TITLE_INDEX_WORDS]
    if after is None:
        return with_words_in(allowed, "title", narrowing)
    # The few unkeyed papers are told apart by the longest words alone; short
    # ones ("in", "of", "the") have posting lists as long as the catalogue,
    # read even up to the bound (9 ms a search at a million papers, 1 without).
    narrowing = narrowing[:UNKEYED_INDEX_WORDS]
    if settings.USING_POSTGRES:
        # The planner reads the small id range and checks each document.
        return with_words_in(allowed.filter(id__gt=after), "title", narrowing)
    # SQLite: the bound goes inside the FTS5 query, where FTS5 seeks each
    # word's postings to it; outside, every posting list is read whole, as
    # slow as an unbounded query (10 ms instead of 0.8 over 500,000 synthetic titles).
    expression = " AND ".join(f'title : "{word}"' for word in narrowing)
    bounded = f"{FTS_MATCHING_IDS} AND rowid > %s"
    return allowed.filter(id__in=RawSQL(bounded, [expression, after]))  # noqa: S611 - constant SQL


def exact_title_match(text: str, allowed: QuerySet[Paper]) -> int | None:
    """The paper whose title is ``text`` word for word (case, accents, punctuation and endings aside).

    Words are compared by stem, as the index compares them, so a corrected
    "impossible video" still names "Impossible Videos"; a paper whose words
    are the query's word for word wins over one that shares only the stems,
    and among equals the newest (highest id) wins.
    """
    words = normalised_words(text)
    if len(words) < MIN_TITLE_WORDS or len(words) > 80:
        return None
    wanted = stems(words)
    newest_keyed, any_unkeyed = unkeyed_range()
    rows: list[tuple[int, str]] = []
    if any_unkeyed:
        unkeyed = _unkeyed_title_candidates(tuple(dict.fromkeys(words)), allowed, newest_keyed)
        rows += list(unkeyed.order_by("-id").values_list("id", "title")[:MAX_TITLE_CANDIDATES])
    if newest_keyed is not None:
        keyed = _keyed_title_candidates(words, allowed).order_by("-id").values_list("id", "title")
        # Unkeyed papers are all newer than keyed ones: the list stays newest first.
        rows += list(keyed[:MAX_TITLE_CANDIDATES])
    same_stems = None
    for paper_id, title in rows:
        title_words = normalised_words(title)
        # The title is compared, not only its key: a title changed since it was keyed no longer matches.
        if title_words == words:
            return int(paper_id)
        if same_stems is None and stems(title_words) == wanted:
            same_stems = int(paper_id)
    return same_stems


def near_title_match(texts: list[str], candidate_ids: list[int]) -> int | None:
    """Among ranked candidates, the one whose title one of ``texts`` is with a few typos.

    ``texts`` are the typed query and its spelling correction, if any: a
    correction can pick the wrong word for a name the catalogue has once.
    Only a clear winner counts: the best ratio must reach NEAR_TITLE_RATIO
    and beat the runner-up, so two near-identical titles pin neither.
    """
    typed = [" ".join(normalised_words(text)) for text in texts]
    typed = [text for text in typed if len(text) >= NEAR_TITLE_MIN_CHARS]
    if not typed or not candidate_ids:
        return None
    titles = Paper.objects.filter(id__in=list(dict.fromkeys(candidate_ids))).values_list("id", "title")
    scored = sorted(
        (
            (max(fuzz.ratio(text, " ".join(normalised_words(title))) for text in typed), int(paper_id))
            for paper_id, title in titles
        ),
        reverse=True,
    )
    if not scored or scored[0][0] < NEAR_TITLE_RATIO:
        return None
    if len(scored) > 1 and scored[1][0] >= scored[0][0] - 1.0:
        return None
    return scored[0][1]
