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


@dataclass
class _Parts:
    """What the parser has read so far, in typed order."""

    terms: list[str] = field(default_factory=list)
    phrases: list[tuple[str, ...]] = field(default_factory=list)
    excluded: list[tuple[str, ...]] = field(default_factory=list)
    authors: list[tuple[str, ...]] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    after: date | None = None
    before: date | None = None
    # Words and phrases in the order typed: what the embedder reads.
    ordered_text: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def query(self) -> ParsedQuery:
        return ParsedQuery(
            terms=tuple(self.terms),
            phrases=tuple(self.phrases),
            excluded=tuple(self.excluded),
            authors=tuple(self.authors),
            categories=tuple(dict.fromkeys(self.categories)),
            after=self.after,
            before=self.before,
            text=" ".join(self.ordered_text),
            notes=tuple(self.notes),
        )


def parse_query(raw: str) -> ParsedQuery:
    """Parse anything a person can type; never raises.

    Each step reads one item from ``position`` and returns where the next
    one starts, always further on, so the walk is linear in the (capped) text.
    """
    text = (raw or "")[:MAX_QUERY_CHARS].replace("\x00", " ")
    parts = _Parts()
    position = 0
    while position < len(text):
        if text[position].isspace():
            position += 1
        elif text[position] == '"':
            position = _read_quoted(text, position, parts)
        elif _starts_exclusion(text, position):
            position = _read_excluded(text, position, parts)
        elif (match := _filter_at(text, position)) is not None:
            position = _read_filter(text, match, parts)
        else:
            position = _read_plain(text, position, parts)
    return parts.query()


def _at_word_start(text: str, position: int) -> bool:
    return position == 0 or text[position - 1].isspace()


def _starts_exclusion(text: str, position: int) -> bool:
    """A ``-`` that begins a word and is followed by something: ``-video``, ``-"a phrase"``."""
    return (
        text[position] == "-"
        and _at_word_start(text, position)
        and position + 1 < len(text)
        and not text[position + 1].isspace()
    )


def _filter_at(text: str, position: int) -> re.Match[str] | None:
    return _FILTER.match(text, position) if _at_word_start(text, position) else None


def _read_quoted(text: str, position: int, parts: _Parts) -> int:
    """A quoted phrase (one quoted word is a plain word); an unbalanced quote runs to the end."""
    value, position = _read_value(text, position)
    words = tuple(words_of(value))
    if len(words) == 1:
        parts.terms.append(words[0])
        parts.ordered_text.append(words[0])
    elif words:
        parts.phrases.append(words)
        parts.ordered_text.append(" ".join(words))
    return position


def _read_excluded(text: str, position: int, parts: _Parts) -> int:
    value, position = _read_value(text, position + 1)
    words = tuple(word.lower() for word in words_of(value))
    if words and len(parts.excluded) < MAX_FILTER_VALUES:
        parts.excluded.append(words)
    return position


def _read_filter(text: str, match: re.Match[str], parts: _Parts) -> int:
    """``author:``, ``cat:``, ``after:`` or ``before:`` and its value; a value that cannot be one is noted."""
    key = match.group(1).lower()
    value, position = _read_value(text, match.end())
    if key == "author":
        name = tuple(words_of(value))
        if name and len(parts.authors) < MAX_FILTER_VALUES:
            parts.authors.append(name)
    elif key == "cat":
        _read_category(value, parts)
    else:
        _read_date(key, value, parts)
    return position


def _read_category(value: str, parts: _Parts) -> None:
    if _CATEGORY.fullmatch(value) and len(parts.categories) < MAX_FILTER_VALUES:
        parts.categories.append(value)
    elif value:
        parts.notes.append(f"ignored category {value[:40]!r}: categories look like cs.LG")


def _read_date(key: str, value: str, parts: _Parts) -> None:
    parsed = _parse_date(value)
    if parsed is None:
        if value:
            parts.notes.append(f"ignored {key}:{value[:40]}: dates look like 2025-01-31")
    elif parsed > LAST_DAY:
        # A bound needs its following midnight, which 9999-12-31 does not have.
        parts.notes.append(f"ignored {key}:{value[:40]}: dates go up to {LAST_DAY.isoformat()}")
    elif key == "after":
        parts.after = parsed
    else:
        parts.before = parsed


def _read_plain(text: str, position: int, parts: _Parts) -> int:
    """A plain chunk up to the next space or quote: its words are terms."""
    end = position
    while end < len(text) and not text[end].isspace() and text[end] != '"':
        end += 1
    chunk_words = words_of(text[position:end])
    parts.terms.extend(chunk_words)
    parts.ordered_text.extend(chunk_words)
    return end if end > position else position + 1


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
