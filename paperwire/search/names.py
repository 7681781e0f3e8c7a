"""People's names in plain queries: "Yossi Adi", "Y. Adi", "Adi, Yossi", "Müller".

bm25 over the authors column ranks any paper whose author list contains
both words, so "Yossi Adi" used to rank papers by Adi Kopilov and Yossi
Keshet. Here a query that could be a name is matched against each author
as a whole: every typed word must match a different word of one author's
name (a one-letter word matches as an initial, either way round), and that
author's surname (the last word) must be typed in full. Names are compared
as lower-cased ASCII, so "Muller" finds "Müller"; word order is free, so
"Adi, Yossi" finds "Yossi Adi".
"""

from __future__ import annotations

from itertools import permutations

from django.db.models import QuerySet

from paperwire.papers.models import Paper
from paperwire.search.keyword import with_words_in
from paperwire.search.normalise import normalised_words
from paperwire.search.query import ParsedQuery, words_of

# A name is two to four words ("Yann LeCun", "Jean-Baptiste Alayrac" is three).
MIN_NAME_WORDS, MAX_NAME_WORDS = 2, 4
# Papers whose author lists contain the typed words, newest first, checked one by one.
MAX_NAME_CANDIDATES = 400
# An author of more words than this is not compared word by word (no real name is).
MAX_AUTHOR_WORDS = 8


def name_words(query: ParsedQuery) -> tuple[str, ...] | None:
    """The query's words if it could be a person's name: 2-4 words of letters, nothing else."""
    if query.phrases or query.authors or query.excluded:
        return None
    words = tuple(word.lower() for word in query.terms)
    if not MIN_NAME_WORDS <= len(words) <= MAX_NAME_WORDS:
        return None
    if not all(word.isalpha() for word in words) or sum(len(word) > 1 for word in words) == 0:
        return None
    return words


def _word_matches(typed: str, written: str) -> bool:
    if typed == written:
        return True
    # An initial on either side: "y" for "yossi", or an author written "Y. Adi".
    return (len(typed) == 1 or len(written) == 1) and typed[0] == written[0]


def is_same_person(typed: tuple[str, ...], author: str) -> bool:
    """Whether the author named ``author`` is the person ``typed`` (normalised words) names."""
    written = normalised_words(author)
    typed = tuple(normalised_words(" ".join(typed)))
    if not typed or len(typed) > len(written) or len(written) > MAX_AUTHOR_WORDS:
        return False
    surname = len(written) - 1
    for chosen in permutations(range(len(written)), len(typed)):
        if all(_word_matches(word, written[index]) for word, index in zip(typed, chosen, strict=True)):
            full = {index for word, index in zip(typed, chosen, strict=True) if len(word) > 1}
            if surname in full and len(written[surname]) > 1:
                return True
    return False


def matching_author(typed: tuple[str, ...], authors: list[str] | None) -> str | None:
    """The first author in ``authors`` who is the person ``typed`` names."""
    for author in authors or []:
        if isinstance(author, str) and is_same_person(typed, author):
            return author
    return None


def papers_by_person(typed: tuple[str, ...], allowed: QuerySet[Paper]) -> dict[int, str]:
    """{paper id: the author as written} of the newest papers by the person ``typed`` names."""
    # Initials narrow nothing in the index; the full words do, and every word is checked after.
    full_words = [word for word in typed if len(word) > 1]
    index_words = [word.lower() for word in words_of(" ".join(full_words))]
    if not index_words:
        return {}
    found: dict[int, str] = {}
    rows = with_words_in(allowed, "authors", index_words).order_by("-id").values_list("id", "authors")
    for paper_id, authors in rows[:MAX_NAME_CANDIDATES]:
        author = matching_author(typed, authors)
        if author is not None:
            found[int(paper_id)] = author
    return found
