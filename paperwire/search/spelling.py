"""Spelling corrections from the catalogue's own words ("speculatve decodng" → "speculative decoding").

Only a word fewer than two papers contain is a candidate for correction (and
never a name written with inner capitals, "ViPr"), and only when no paper
contains every typed word: a query that already finds a
paper with all its words is never corrected. Each such word's neighbours are
the written words of the newest papers within one edit (two for words over
five letters; optimal string alignment, so a swap of two letters is one
edit), else the index's stems that close. Neighbours are chosen together, for
the query as a whole: the choice that a paper has together with every other
typed word wins, then the fewest edits, then the most papers; when no paper
has them all, the choice whose words papers have two by two most often. A
word one paper has may also stay as typed (a model's name), which costs no
edit. A correction is
shown as the word people write ("decoding"), never as the index's stem
("decod").
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from rapidfuzz import process
from rapidfuzz.distance import OSA

from paperwire.search.keyword import papers_with_every_word
from paperwire.search.query import STOPWORDS, ParsedQuery
from paperwire.search.vocabulary import MIN_DOCUMENTS, Vocabulary, plain, stemmer, vocabulary

# Words shorter than this are never corrected (acronyms, "GAN" vs "RAN").
MIN_WORD_LENGTH = 4
# A word one paper contains is a typo there only if its neighbour is this many times more common.
COMMON_NEIGHBOUR = 50
# A pasted paragraph is not spell-checked word by word.
MAX_CORRECTED_WORDS = 12
# Neighbours weighed for one typed word, and combinations weighed for the query.
NEIGHBOURS_PER_WORD = 4
MAX_COMBINATIONS = 16
# Papers having a combination with the other words are counted up to this many.
COOCCURRENCE_CAP = 50
# Other typed words a neighbour is checked against, one by one, when no paper has them all.
MAX_CONTEXT_WORDS = 6


@dataclass(frozen=True)
class Neighbour:
    """A known word a typed one may have meant."""

    word: str  # as people write it
    stem: str  # as the index holds it
    edits: int
    papers: int  # papers containing the stem


@dataclass(frozen=True)
class Suggestion:
    """The query with its unknown words replaced, and what was replaced."""

    text: str
    corrections: tuple[tuple[str, str], ...]  # (typed, suggested)

    def applied_to(self, query: ParsedQuery) -> ParsedQuery:
        """``query`` with the corrected words in place of the typed ones (filters and phrases kept)."""
        fixed = dict(self.corrections)
        return replace(
            query,
            terms=tuple(fixed.get(term, term) for term in query.terms),
            text=_replace_words(query.text, fixed),
        )


def suggest(query: ParsedQuery, raw: str) -> Suggestion | None:
    """``raw`` with the words the catalogue does not know replaced by the known words meant, or None.

    The vocabulary is only read (and built, once an hour) when a query has a
    word fewer than two papers contain.
    """
    unknown = _unknown_words(query)
    if not unknown or _finds_every_word(query, unknown):
        return None
    known = vocabulary()
    if not known.stems:
        return None
    options = {word: found for word, seen in unknown.items() if (found := neighbours(word, known, seen_in=seen))}
    if not options:
        return None
    chosen = _best_together(options, _context(query, unknown))
    corrections = {
        typed: _written_like(typed, near.word) for typed, near in chosen.items() if near.word != typed.lower()
    }
    if not corrections:
        return None
    return Suggestion(_replace_words(raw, corrections), tuple(corrections.items()))


def _unknown_words(query: ParsedQuery) -> dict[str, int]:
    """Typed words worth correcting, with how many papers (0 or 1) contain each."""
    words = [word for word in dict.fromkeys(query.terms) if _correctable(word)][:MAX_CORRECTED_WORDS]
    seen = {word: papers_with_every_word([word.lower()], MIN_DOCUMENTS) for word in words}
    return {word: papers for word, papers in seen.items() if papers < MIN_DOCUMENTS}


def _correctable(word: str) -> bool:
    typed = plain(word)
    return len(typed) >= MIN_WORD_LENGTH and typed.isalpha() and typed not in STOPWORDS and not _written_as_name(word)


def _written_as_name(word: str) -> bool:
    """A capital after the first letter ("ViPr", "RAVE", "CoInteract"): a model's or a method's name.

    Such names are mostly in one paper, so the vocabulary (words in two or
    more) cannot know them, and their nearest common word ("HAVE") is never
    what was meant.
    """
    return any(letter.isupper() for letter in word[1:])


def _finds_every_word(query: ParsedQuery, unknown: dict[str, int]) -> bool:
    """Whether a paper contains every typed word (only possible if each unknown word is in a paper)."""
    return all(unknown.values()) and papers_with_every_word(query.keyword_terms(), 1) > 0


def _context(query: ParsedQuery, unknown: dict[str, int]) -> list[str]:
    """The other typed words a correction should go with: those some paper has (a misspelt name is not one)."""
    others = [term for term in query.keyword_terms() if term not in {word.lower() for word in unknown}]
    return [term for term in others[:MAX_CORRECTED_WORDS] if papers_with_every_word([term], 1)]


def neighbours(word: str, known: Vocabulary, *, seen_in: int = 0) -> list[Neighbour]:
    """The known words ``word`` may stand for, nearest and most common first (none if it is known).

    ``seen_in`` papers contain ``word`` itself: a word one paper has (a typo
    in an abstract, or a rare name) is only replaced by a word at least
    COMMON_NEIGHBOUR times more common.
    """
    typed = plain(word)
    typed_stem = stemmer().stemWord(typed)
    if typed_stem in known.documents or typed in known.documents:
        return []
    found = _written_neighbours(typed, known) or _stem_neighbours(typed, typed_stem, known)
    common_enough = [near for near in found if not seen_in or near.papers >= COMMON_NEIGHBOUR * seen_in]
    if not common_enough:
        return []
    # A word a paper has may be meant as typed (a model's name, "FastHMR"): it stays if
    # that paper also has the other words.
    as_typed = [Neighbour(typed, typed_stem, 0, seen_in)] if seen_in else []
    return as_typed + sorted(common_enough, key=lambda near: (near.edits, -near.papers))[: NEIGHBOURS_PER_WORD - 1]


def _edit_limit(typed: str) -> int:
    return 1 if len(typed) <= 5 else 2


def _written_neighbours(typed: str, known: Vocabulary) -> list[Neighbour]:
    """Written words within the edit limit whose stem the index has; per stem, its nearest, most written word."""
    close = process.extract(typed, known.words, scorer=OSA.distance, score_cutoff=_edit_limit(typed), limit=20)
    to_stem = stemmer().stemWord
    best: dict[str, Neighbour] = {}
    # extract returns the nearest first and, among equals, the most written first (words' order).
    for word, edits, _ in sorted(close, key=lambda found: (found[1], found[2])):
        stem = to_stem(word)
        if stem in known.documents and stem not in best:
            best[stem] = Neighbour(word, stem, int(edits), known.documents[stem])
    return list(best.values())


def _stem_neighbours(typed: str, typed_stem: str, known: Vocabulary) -> list[Neighbour]:
    """The index's stems near the typed word's stem: for words no newer paper wrote."""
    close = process.extract(typed_stem, known.stems, scorer=OSA.distance, score_cutoff=_edit_limit(typed), limit=8)
    return [Neighbour(known.word_for(stem), stem, int(edits), known.documents[stem]) for stem, edits, _ in close]


def _best_together(options: dict[str, list[Neighbour]], context: list[str]) -> dict[str, Neighbour]:
    """One neighbour per typed word: the combination the catalogue's papers have with the other words."""
    per_word = max(1, int(MAX_COMBINATIONS ** (1 / len(options)) + 1e-9))
    combinations = [
        dict(zip(options, chosen, strict=True))
        for chosen in itertools.product(*(found[:per_word] for found in options.values()))
    ]
    together = {index: _papers_with(combination, context) for index, combination in enumerate(combinations)}
    if any(together.values()):
        best = max(together, key=lambda index: _together_key(combinations[index], together[index]))
        return combinations[best]
    # No paper has every word: prefer the combination whose words papers have in the most pairs.
    pairs = _PairCounts(context[:MAX_CONTEXT_WORDS])
    return max(combinations, key=lambda combination: _apart_key(combination, pairs))


def _papers_with(combination: dict[str, Neighbour], context: list[str]) -> int:
    return papers_with_every_word(context + [near.word for near in combination.values()], COOCCURRENCE_CAP)


def _together_key(combination: dict[str, Neighbour], papers: int) -> tuple[bool, int, int, int]:
    edits = sum(near.edits for near in combination.values())
    return papers > 0, -edits, papers, sum(near.papers for near in combination.values())


class _PairCounts:
    """Whether some paper has two words, each pair asked once per query."""

    def __init__(self, context: list[str]) -> None:
        self.context = context
        self._known: dict[frozenset[str], int] = {}

    def together(self, first: str, second: str) -> int:
        pair = frozenset((first, second))
        if pair not in self._known:
            self._known[pair] = papers_with_every_word(sorted(pair), 1)
        return self._known[pair]

    def support(self, words: list[str]) -> int:
        """Pairs of ``words`` with each other and with the other typed words that some paper has."""
        beside_context = sum(self.together(word, other) for word in words for other in self.context)
        return beside_context + sum(self.together(a, b) for a, b in itertools.combinations(words, 2))


def _apart_key(combination: dict[str, Neighbour], pairs: _PairCounts) -> tuple[int, int, int]:
    nears = combination.values()
    return (
        pairs.support([near.word for near in nears]),
        -sum(near.edits for near in nears),
        sum(near.papers for near in nears),
    )


def _written_like(typed: str, word: str) -> str:
    """``word`` in the typed word's case: "Speculatve" → "Speculative", "LLAMMA" → "LLAMA"."""
    if typed.isupper():
        return word.upper()
    if typed[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _replace_words(text: str, corrections: dict[str, str]) -> str:
    for typed, corrected in corrections.items():
        # Whole words only, so a typed word inside another word is left alone.
        text = re.sub(rf"(?<![^\W_]){re.escape(typed)}(?![^\W_])", corrected, text)
    return text
