"""How typed text is compared with titles and names: lower-cased ASCII words, and their stems.

Exact-title look-ups (:mod:`paperwire.search.lookup`), the title keys they
probe (:mod:`paperwire.search.title_keys`) and people's names
(:mod:`paperwire.search.names`) all compare text in these forms, so the
forms live in one place: a key written by the worker and a query typed on
the page must normalise exactly alike.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer
from anyascii import anyascii

from paperwire.search.query import words_of

# The index's own stemmer on SQLite (porter); close enough on PostgreSQL.
STEMMER_ALGORITHM = "porter"
# Distinct words whose stems are remembered. The pure-Python stemmer costs
# ~15 µs a word; keying a million titles repeats the same few tens of
# thousands of words, so a cache makes the stemming nearly free.
_STEM_CACHE_WORDS = 200_000
# A snowball stemmer keeps its state on the object while it works, and the
# web server answers searches on several threads: one stemmer per thread.
_STEMMERS = threading.local()


def normalised_words(text: str) -> tuple[str, ...]:
    """Lower-cased ASCII words of ``text``: how titles and names are compared."""
    return tuple(word.lower() for word in words_of(anyascii(text or "")))


def _stemmer() -> snowballstemmer.stemmer:
    stemmer: snowballstemmer.stemmer | None = getattr(_STEMMERS, "stemmer", None)
    if stemmer is None:
        stemmer = _STEMMERS.stemmer = snowballstemmer.stemmer(STEMMER_ALGORITHM)
    return stemmer


@lru_cache(maxsize=_STEM_CACHE_WORDS)
def stem(word: str) -> str:
    """The stem of one normalised word ("videos" → "video")."""
    return str(_stemmer().stemWord(word))


def stems(words: Iterable[str]) -> tuple[str, ...]:
    """The stems of normalised ``words``, in order: titles that differ only in word endings share them."""
    return tuple(stem(word) for word in words)
