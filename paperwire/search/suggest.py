"""Spelling suggestions from the catalogue's own vocabulary ("difusion" → "diffusion").

The vocabulary is the keyword index's: SQLite's FTS5 table read through an
``fts5vocab`` table, PostgreSQL's stored documents through ``ts_stat``. Both
hold stems (the index stems words: porter on SQLite, the english snowball
stemmer on PostgreSQL), so a typed word is stemmed the same way, looked up,
and only a stem no paper contains is corrected: to the nearest stem (optimal
string alignment distance, so a swap of two letters is one edit) that most
papers contain, written back with the typed word's own ending.

Reading the vocabulary walks the whole index, so it is built the first time
a query has a word the index does not know, kept in memory per process and
rebuilt after VOCABULARY_TTL seconds: never per request.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass

import snowballstemmer
from anyascii import anyascii
from django.conf import settings
from django.db import connection
from rapidfuzz import process
from rapidfuzz.distance import OSA

from paperwire.search.keyword import FTS_TABLE, papers_with_term
from paperwire.search.query import STOPWORDS, ParsedQuery

VOCABULARY_TTL = 3600.0
# Stems in at least this many papers: a stem found once is as likely a typo as a word.
MIN_DOCUMENTS = 2
# The most common stems kept, which bounds memory (a few MB) and look-up time at any size.
MAX_VOCABULARY = 300_000
# PostgreSQL: ts_stat reads every document it is given; the newest this many are enough.
PG_STAT_DOCUMENTS = 200_000
# Words shorter than this are never corrected (acronyms, "GAN" vs "RAN").
MIN_WORD_LENGTH = 4
VOCABULARY_VIEW = "search_paper_fts_vocab"
# A word one paper contains is a typo there only if its neighbour is this many times more common.
COMMON_NEIGHBOUR = 50
# A pasted paragraph is not spell-checked word by word.
MAX_CORRECTED_WORDS = 12


@dataclass(frozen=True)
class Vocabulary:
    documents: dict[str, int]  # stem: papers containing it
    stems: list[str]  # the same stems, most common first
    built_at: float


@dataclass(frozen=True)
class Suggestion:
    """The query with its unknown words replaced, and what was replaced."""

    text: str
    corrections: tuple[tuple[str, str], ...]  # (typed, suggested)


_lock = threading.Lock()
_cache: dict[str, Vocabulary] = {}


def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english" if settings.USING_POSTGRES else "porter")


def _read_vocabulary() -> list[tuple[str, int]]:
    with connection.cursor() as cursor:
        if settings.USING_POSTGRES:
            cursor.execute(
                "SELECT word, ndoc FROM ts_stat(%s) WHERE ndoc >= %s ORDER BY ndoc DESC LIMIT %s",
                [
                    f"SELECT search_document FROM papers_paper ORDER BY id DESC LIMIT {int(PG_STAT_DOCUMENTS)}",  # noqa: S608
                    MIN_DOCUMENTS,
                    MAX_VOCABULARY,
                ],
            )
        else:
            # A temp table lives with this connection only and needs no migration.
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{VOCABULARY_VIEW} USING fts5vocab(main, {FTS_TABLE}, row)"
            )
            cursor.execute(
                f"SELECT term, doc FROM temp.{VOCABULARY_VIEW} WHERE doc >= %s ORDER BY doc DESC LIMIT %s",  # noqa: S608
                [MIN_DOCUMENTS, MAX_VOCABULARY],
            )
        return [(str(term), int(documents)) for term, documents in cursor.fetchall()]


def vocabulary() -> Vocabulary:
    """The cached vocabulary of this database, built on first use and after VOCABULARY_TTL."""
    key = connection.settings_dict.get("NAME") or "default"
    key = str(key)
    with _lock:
        cached = _cache.get(key)
        if cached is not None and time.monotonic() - cached.built_at < VOCABULARY_TTL:
            return cached
    rows = _read_vocabulary()
    built = Vocabulary({term: documents for term, documents in rows}, [term for term, _ in rows], time.monotonic())
    with _lock:
        _cache[key] = built
    return built


def forget_vocabulary() -> None:
    """Drop every cached vocabulary (tests that change the catalogue call this)."""
    with _lock:
        _cache.clear()


def _surface(typed: str, typed_stem: str, stem: str) -> str:
    """``stem`` written with the ending ``typed`` had beyond its own stem ("diffus" + "ion")."""
    shared = 0
    while shared < min(len(typed), len(typed_stem)) and typed[shared] == typed_stem[shared]:
        shared += 1
    candidate = stem + typed[shared:]
    return candidate if _stemmer().stemWord(candidate) == stem else stem


def correct_word(word: str, known: Vocabulary, *, seen_in: int = 0) -> str | None:
    """A known word for the unknown ``word``, or None if it is known or has no close neighbour.

    ``seen_in`` papers contain ``word`` itself: a word one paper has (a
    typo in an abstract, or a rare name) is corrected only to a word at
    least COMMON_NEIGHBOUR times more common.
    """
    typed = anyascii(word).lower()
    if len(typed) < MIN_WORD_LENGTH or not typed.isalpha() or typed in STOPWORDS:
        return None
    stem = _stemmer().stemWord(typed)
    if stem in known.documents or typed in known.documents:
        return None
    limit = 1 if len(typed) <= 5 else 2
    # extract keeps the best distances; the vocabulary is most-common-first, so equal distances favour common stems.
    neighbours = process.extract(stem, known.stems, scorer=OSA.distance, score_cutoff=limit, limit=8)
    if not neighbours:
        return None
    best_distance = min(distance for _, distance, _ in neighbours)
    closest = [(known.documents[term], term) for term, distance, _ in neighbours if distance == best_distance]
    documents, chosen = max(closest)
    if seen_in and documents < COMMON_NEIGHBOUR * seen_in:
        return None
    return _surface(typed, stem, chosen)


def papers_containing(word: str, cap: int = MIN_DOCUMENTS) -> int:
    """How many papers contain ``word`` (a letters-only parser token), counting up to ``cap``."""
    if not settings.USING_POSTGRES:
        return papers_with_term(word, cap)  # FTS5, remembered with the ranking's own counts
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM (SELECT 1 FROM papers_paper WHERE search_document @@ "
            "(to_tsquery('english', %s) || to_tsquery('simple', %s)) LIMIT %s) AS found",
            [f"'{word}'", f"'{word}'", cap],
        )
        return int(cursor.fetchone()[0])


def suggest(query: ParsedQuery, raw: str) -> Suggestion | None:
    """``raw`` with every word the catalogue does not know replaced by its nearest known word.

    Words some paper contains are never corrected, so the vocabulary is only
    read (and built, once) when a query has a word no paper contains.
    """
    candidates = [
        word
        for word in dict.fromkeys(query.terms)
        if len(word) >= MIN_WORD_LENGTH and word.isalpha() and word.lower() not in STOPWORDS
    ]
    seen = {word: papers_containing(word.lower()) for word in candidates[:MAX_CORRECTED_WORDS]}
    candidates = [word for word, papers in seen.items() if papers < MIN_DOCUMENTS]
    if not candidates:
        return None
    known = vocabulary()
    if not known.stems:
        return None
    corrections: dict[str, str] = {}
    for word in candidates:
        corrected = correct_word(word, known, seen_in=seen[word])
        if corrected is not None and corrected != word.lower():
            corrections[word] = corrected
    if not corrections:
        return None
    text = raw
    for typed, corrected in corrections.items():
        # Whole words only, so "difusion" inside another word is left alone.
        text = re.sub(rf"(?<![^\W_]){re.escape(typed)}(?![^\W_])", corrected, text)
    return Suggestion(text, tuple(corrections.items()))
