"""The catalogue's own words, for spelling correction: the index's stems and the words people read.

The keyword index holds stems (porter on SQLite, the english snowball stemmer
on PostgreSQL): SQLite's FTS5 table is read through an ``fts5vocab`` table,
PostgreSQL's stored documents through ``ts_stat``. A stem is what a query
matches, but not what a person should be shown ("decod", "specul"), so the
titles and abstracts of the newest papers are counted too, and a stem is
shown as the word most often written for it ("decod" → "decoding").

Reading either walks a large part of the catalogue, so both are built the
first time a query has a word the index does not know, kept in memory per
process and rebuilt after VOCABULARY_TTL seconds: never per request.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import snowballstemmer
from anyascii import anyascii
from django.conf import settings
from django.db import connection

from paperwire.lib.timed_cache import TimedCache
from paperwire.papers.models import Paper
from paperwire.search.keyword import FTS_TABLE

VOCABULARY_TTL = 3600.0
# Stems in at least this many papers: a stem found once is as likely a typo as a word.
MIN_DOCUMENTS = 2
# The most common stems kept, which bounds memory (a few MB) and look-up time at any size.
MAX_VOCABULARY = 300_000
# PostgreSQL: ts_stat reads every document it is given; the newest this many are enough.
PG_STAT_DOCUMENTS = 200_000
# Written words are counted in the newest this many titles and abstracts: about
# a second of reading on a 2-core machine, and enough papers that every common
# stem has its usual word.
SURFACE_PAPERS = 8_000
# Letters-only words, matched on lower-cased text in one pass (words with accents are left to the stems).
_LETTERS = re.compile(r"[a-z]+")
# Written words kept (those seen at least twice, most common first).
MAX_SURFACE_WORDS = 100_000
VOCABULARY_VIEW = "search_paper_fts_vocab"


@dataclass(frozen=True)
class Vocabulary:
    documents: dict[str, int]  # stem: papers containing it
    stems: list[str]  # the same stems, most common first
    # Written words (lower-case letters) of the newest papers: how often each was written.
    written: dict[str, int]
    # The same words, most written first (what typed words are compared with).
    words: list[str]
    # stem: the word most often written for it ("decod": "decoding"), filled in as asked.
    surface: dict[str, str] = field(default_factory=dict)

    def word_for(self, stem: str) -> str:
        """The word people write for ``stem``: the most written word with that stem, else the stem.

        Stems are (nearly always) a prefix of their words, so only words
        starting like the stem are stemmed, and each answer is kept.
        """
        if stem not in self.surface:
            prefix = stem[: max(3, len(stem) - 1)]
            to_stem = stemmer().stemWord
            self.surface[stem] = next(
                (word for word in self.words if word.startswith(prefix) and to_stem(word) == stem), stem
            )
        return self.surface[stem]


_cache: TimedCache[str, Vocabulary] = TimedCache(8, VOCABULARY_TTL)


def stemmer() -> snowballstemmer.stemmer:
    """The stemmer the keyword index uses on this database."""
    return snowballstemmer.stemmer("english" if settings.USING_POSTGRES else "porter")


def plain(word: str) -> str:
    """``word`` as the index compares it: ASCII, lower case."""
    return anyascii(word).lower()


def _read_stems() -> list[tuple[str, int]]:
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


def _read_written_words() -> dict[str, int]:
    counts: Counter[str] = Counter()
    newest = Paper.objects.order_by("-id").values_list("title", "abstract")[:SURFACE_PAPERS]
    for title, abstract in newest.iterator(chunk_size=2000):
        counts.update(_LETTERS.findall(f"{title} {abstract}".lower()))
    return {word: seen for word, seen in counts.most_common(MAX_SURFACE_WORDS) if seen >= MIN_DOCUMENTS}


def vocabulary() -> Vocabulary:
    """The cached vocabulary of this database, built on first use and after VOCABULARY_TTL."""
    key = str(connection.settings_dict.get("NAME") or "default")
    cached = _cache.get(key)
    if cached is not None:
        return cached
    rows = _read_stems()
    written = _read_written_words()
    built = Vocabulary(documents=dict(rows), stems=[term for term, _ in rows], written=written, words=list(written))
    _cache.put(key, built)
    return built


def forget_vocabulary() -> None:
    """Drop every cached vocabulary (tests that change the catalogue call this)."""
    _cache.clear()
