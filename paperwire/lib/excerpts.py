"""The opening of a text: its first sentences, for cards that have no summary; what a card opens with."""

from __future__ import annotations

import re

# Words whose trailing full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    {
        "e.g", "i.e", "et al", "al", "etc", "cf", "vs", "viz", "approx", "fig", "figs", "eq", "eqs", "sec",
        "secs", "ref", "refs", "no", "vol", "resp", "dr", "prof", "mr", "mrs", "ms", "st", "jr", "sr", "inc",
        "ltd", "co", "corp", "ca", "est", "min", "max", "avg", "std", "tab", "app", "ch", "pp", "ed", "eds",
    }
)  # fmt: skip
# A candidate end: . ! or ? (possibly closed by quotes/brackets), then space and a capital, digit or opener.
_END = re.compile(r"[.!?][\"')\]]*\s+(?=[A-Z0-9\"'(\[$\\])")
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)$")
# _LAST_WORD is tried at every start in a run of letters, and every candidate
# end is checked: only this much before it is looked at, so a long text or
# run costs its length times this, not its square.
_WORD_TAIL = 40


def _ends_sentence(text: str, stop: int) -> bool:
    """Whether the punctuation at ``stop`` closes a sentence rather than an abbreviation or initial."""
    if text[stop] != ".":
        return True
    before = text[max(0, stop - _WORD_TAIL) : stop]
    match = _LAST_WORD.search(before)
    if match is None:
        # "… 3.5 million." or "… (see [12])." end sentences; decimals never reach here (no space after).
        return True
    word = match.group(1).lower()
    if word in _ABBREVIATIONS or word.rstrip(".") in _ABBREVIATIONS:
        return False
    if before.lower().endswith("et al"):
        return False
    # A single capital letter is an initial ("J. Smith"); "e.g"-like dotted words are abbreviations.
    return not (len(word) == 1 and match.group(1).isupper()) and "." not in word


def first_sentences(text: str, count: int = 2) -> str:
    """The first ``count`` sentences of ``text``, whitespace collapsed; the whole text when shorter."""
    flat = " ".join(text.split())
    found = 0
    for match in _END.finditer(flat):
        if _ends_sentence(flat, match.start()):
            found += 1
            if found == count:
                return flat[: match.end()].rstrip()
    return flat


def card_opening(summary: str, abstract: str) -> str:
    """What a paper card shows under its title: the summary when there is one, else the abstract's first sentences."""
    return summary.strip() or first_sentences(abstract)
