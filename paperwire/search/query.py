"""The search box's little query language, parsed into plain data.

    diffusion "image editing" -video author:hinton cat:cs.LG after:2025-01-01 before:2025-06-30

Plain words rank results, "quoted phrases" must appear, ``-word`` or
``-"a phrase"`` must not, and ``key:value`` filters narrow the list (values may
be quoted: ``author:"Yann LeCun"``). Everything else a person can type (FTS5
operators, unbalanced quotes, SQL, emoji, 10 kB of pasted abstract) is read as
words or ignored, never an error: the parser only ever emits word tokens made
of letters and digits, so no backend sees a character it could misread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from paperwire.lib.periods import LAST_DAY

# A pasted abstract is a few kB; anything longer is cut before parsing so a
# hostile 1 MB query costs no more than a long abstract.
MAX_QUERY_CHARS = 20_000
# Words sent to the keyword index; the embedder sees the full text anyway.
MAX_KEYWORD_TERMS = 48
MAX_FILTER_VALUES = 8

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_FILTER = re.compile(r"(?i)(author|cat|after|before):")
FILTER_KEYS = ("author", "cat", "after", "before")


def words_of(text: str) -> list[str]:
    """Letters-and-digits runs of ``text``: the only tokens any backend ever receives."""
    return _WORD.findall(text)


def _parse_date(value: str) -> date | None:
    value = value.strip()
    for pattern, build in (
        (r"(\d{4})-(\d{1,2})-(\d{1,2})", lambda y, m, d: date(y, m, d)),
        (r"(\d{4})-(\d{1,2})", lambda y, m: date(y, m, 1)),
        (r"(\d{4})", lambda y: date(y, 1, 1)),
    ):
        match = re.fullmatch(pattern, value)
        if match:
            try:
                return build(*(int(group) for group in match.groups()))
            except ValueError:
                return None
    return None


_CATEGORY = re.compile(r"[A-Za-z][A-Za-z0-9-]*(\.[A-Za-z0-9-]+)?")


@dataclass(frozen=True)
class ParsedQuery:
    terms: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    excluded: tuple[tuple[str, ...], ...] = ()
    authors: tuple[tuple[str, ...], ...] = ()
    categories: tuple[str, ...] = ()
    after: date | None = None
    before: date | None = None
    # Words and phrases in the order typed: what the embedder reads.
    text: str = ""
    notes: tuple[str, ...] = field(default=(), compare=False)

    @property
    def has_text(self) -> bool:
        return bool(self.terms or self.phrases)

    @property
    def has_filters(self) -> bool:
        return bool(self.authors or self.categories or self.after or self.before or self.excluded)

    @property
    def is_empty(self) -> bool:
        return not (self.has_text or self.has_filters)

    def keyword_terms(self) -> list[str]:
        """Distinct lower-cased words for the keyword index, capped for pasted texts."""
        seen: dict[str, None] = {}
        for word in self.terms:
            lowered = word.lower()
            if lowered not in STOPWORDS and lowered not in seen:
                seen[lowered] = None
            if len(seen) >= MAX_KEYWORD_TERMS:
                break
        return list(seen)

    def canonical(self) -> str:
        """The query written back in the query language (parses to an equal query)."""
        parts: list[str] = list(self.terms)
        parts += ['"' + " ".join(phrase) + '"' for phrase in self.phrases]
        parts += ["-" + (words[0] if len(words) == 1 else '"' + " ".join(words) + '"') for words in self.excluded]
        parts += ["author:" + (name[0] if len(name) == 1 else '"' + " ".join(name) + '"') for name in self.authors]
        parts += [f"cat:{category}" for category in self.categories]
        if self.after:
            parts.append(f"after:{self.after.isoformat()}")
        if self.before:
            parts.append(f"before:{self.before.isoformat()}")
        return " ".join(parts)


def _read_value(text: str, start: int) -> tuple[str, int]:
    """A filter value or an excluded item at ``start``: a quoted string or up to the next space."""
    if start < len(text) and text[start] == '"':
        end = text.find('"', start + 1)
        if end == -1:
            return text[start + 1 :], len(text)
        return text[start + 1 : end], end + 1
    end = start
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end], end


def parse_query(raw: str) -> ParsedQuery:
    """Parse anything a person can type; never raises."""
    text = (raw or "")[:MAX_QUERY_CHARS].replace("\x00", " ")
    terms: list[str] = []
    phrases: list[tuple[str, ...]] = []
    excluded: list[tuple[str, ...]] = []
    authors: list[tuple[str, ...]] = []
    categories: list[str] = []
    after: date | None = None
    before: date | None = None
    ordered_text: list[str] = []
    notes: list[str] = []

    position = 0
    length = len(text)
    while position < length:
        char = text[position]
        if char.isspace():
            position += 1
            continue
        at_word_start = position == 0 or text[position - 1].isspace()
        if char == '"':
            # An unbalanced quote runs to the end of the query.
            value, position = _read_value(text, position)
            words = tuple(words_of(value))
            if len(words) == 1:
                terms.append(words[0])
                ordered_text.append(words[0])
            elif words:
                phrases.append(words)
                ordered_text.append(" ".join(words))
            continue
        if char == "-" and at_word_start and position + 1 < length and not text[position + 1].isspace():
            value, position = _read_value(text, position + 1)
            words = tuple(word.lower() for word in words_of(value))
            if words and len(excluded) < MAX_FILTER_VALUES:
                excluded.append(words)
            continue
        match = _FILTER.match(text, position) if at_word_start else None
        if match:
            key = match.group(1).lower()
            value, position = _read_value(text, match.end())
            if key == "author":
                name = tuple(words_of(value))
                if name and len(authors) < MAX_FILTER_VALUES:
                    authors.append(name)
            elif key == "cat":
                if _CATEGORY.fullmatch(value) and len(categories) < MAX_FILTER_VALUES:
                    categories.append(value)
                elif value:
                    notes.append(f"ignored category {value[:40]!r}: categories look like cs.LG")
            else:
                parsed = _parse_date(value)
                if parsed is None:
                    if value:
                        notes.append(f"ignored {key}:{value[:40]}: dates look like 2025-01-31")
                elif parsed > LAST_DAY:
                    # A bound needs its following midnight, which 9999-12-31 does not have.
                    notes.append(f"ignored {key}:{value[:40]}: dates go up to {LAST_DAY.isoformat()}")
                elif key == "after":
                    after = parsed
                else:
                    before = parsed
            continue
        # A plain chunk up to the next space or quote: its words are terms.
        end = position
        while end < length and not text[end].isspace() and text[end] != '"':
            end += 1
        chunk_words = words_of(text[position:end])
        terms.extend(chunk_words)
        ordered_text.extend(chunk_words)
        position = end if end > position else position + 1

    return ParsedQuery(
        terms=tuple(terms),
        phrases=tuple(phrases),
        excluded=tuple(excluded),
        authors=tuple(authors),
        categories=tuple(dict.fromkeys(categories)),
        after=after,
        before=before,
        text=" ".join(ordered_text),
        notes=tuple(notes),
    )


# Words too common to rank by: they would make a keyword query touch every
# paper (slow at a million papers) while adding nothing to bm25. The list is
# the usual English function words, not domain words like "model".
STOPWORDS = frozenset(
    """
    a about above after again against all am an and any are as at be because been before being below between both
    but by can could did do does doing down during each few for from further had has have having he her here hers
    him his how i if in into is it its itself just me more most my no nor not now of off on once only or other our
    ours out over own same she should so some such than that the their theirs them then there these they this those
    through to too under until up very was we were what when where which while who whom why will with would you your
    we us via also thus hence however therefore using use used based show shows shown paper propose proposed
    """.split()
)
