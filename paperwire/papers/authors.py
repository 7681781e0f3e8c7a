"""Author names: one normalised form per person, and the index that finds their papers.

Papers keep their authors as written (a JSON list on ``Paper``); a JSON list
cannot be searched by a normalised name on an index, so ``PaperAuthor``
holds one row per (paper, position) with the name's ``key`` (case,
diacritics and punctuation folded: "José  García-López" → "jose garcia lopez")
and ``short_key`` (given names cut to initials: "j garcia lopez"). An author
page gathers the papers of one ``key``; initials-only spellings ("J. García
López") join it when the catalogue knows one full name with those initials.

The index follows the papers: a ``post_save`` on ``Paper`` for single saves,
and :func:`sync_author_index` for bulk imports (when ingest announces
``papers_changed``, the papers app queues it for the worker:
:mod:`paperwire.papers.tasks`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Min

from paperwire.papers.models import Paper, PaperAuthor
from paperwire.papers.querysets import PaperQuerySet

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.,]+")  # apostrophes join: O'Neil → oneil
_NOT_WORD = re.compile(r"[^\w ]+")
# Papers modified this long before the last indexed change are indexed again:
# an import transaction may commit after a later one began indexing.
_SYNC_OVERLAP = timedelta(minutes=2)
_BATCH = 500
_UNDECOMPOSABLE = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "ı": "i"})


def _fold(name: str) -> list[str]:
    """Lower-case ASCII-ish words of ``name``: diacritics and punctuation dropped."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # ß folds to "ss" with casefold; ø, ł and đ have no decomposition.
    bare = bare.translate(_UNDECOMPOSABLE)
    spaced = _SEPARATORS.sub(" ", bare)
    return [word for word in _NOT_WORD.sub("", spaced).split() if word]


def author_key(name: str) -> str:
    """The normalised form that decides which author page ``name`` lands on."""
    return " ".join(_fold(name))


def author_short_key(name: str) -> str:
    """Given names cut to their initials, the last word kept: "Jose Garcia" → "j garcia"."""
    return _short(_fold(name))


def _short(words: list[str]) -> str:
    if len(words) < 2:
        return " ".join(words)
    return " ".join([word[0] for word in words[:-1]] + [words[-1]])


def is_initials_only(name: str) -> bool:
    """True when every given name is written as an initial ("J. Smith", "J Smith")."""
    words = _fold(name)
    return len(words) >= 2 and all(len(word) == 1 for word in words[:-1])


@dataclass(frozen=True)
class AuthorIdentity:
    """The keys one author page gathers, and the key a name was asked with."""

    key: str
    keys: tuple[str, ...]


def author_identity(name: str) -> AuthorIdentity:
    """Which stored keys ``name`` stands for: its own, plus unambiguous initial spellings.

    "J. Smith" and "John Smith" meet when "John Smith" is the only full name
    with those initials in the catalogue; with "Jane Smith" there too, each
    full name keeps its own page and "J. Smith" keeps its own as well.
    """
    key = author_key(name)
    short = author_short_key(name)
    if not key:
        return AuthorIdentity(key="", keys=())
    related = set(PaperAuthor.objects.filter(short_key=short).values_list("key", flat=True).distinct()[:50])
    related.add(key)
    full = {candidate for candidate in related if not is_initials_only(candidate)}
    if len(full) <= 1:
        return AuthorIdentity(key=key, keys=tuple(sorted(related)))
    # Ambiguous initials: every spelling keeps only its own page.
    return AuthorIdentity(key=key, keys=(key,))


def first_matching_name(authors: Iterable[str], keys: Iterable[str]) -> str:
    """The first spelling in ``authors`` whose key is one of ``keys`` ("" when none)."""
    wanted = set(keys)
    for name in authors:
        if author_key(name) in wanted:
            return name
    return ""


def index_authors(papers: Iterable[Paper]) -> int:
    """Rewrite the index rows of ``papers``; returns the number of rows written."""
    batch = list(papers)
    if not batch:
        return 0
    rows = [
        PaperAuthor(
            paper_id=paper.pk,
            position=position,
            name=name[:300],
            key=" ".join(words)[:300],
            short_key=_short(words)[:300],
            paper_modified_at=paper.modified_at,
        )
        for paper in batch
        for position, name in enumerate(paper.authors or [])
        if isinstance(name, str) and (words := _fold(name))
    ]
    with transaction.atomic():
        PaperAuthor.objects.filter(paper_id__in=[paper.pk for paper in batch]).delete()
        PaperAuthor.objects.bulk_create(rows, batch_size=_BATCH)
    return len(rows)


def sync_author_index() -> int:
    """Index the papers changed since the last indexed change (all of them the first time).

    Papers in the overlap that are already indexed at their current
    ``modified_at`` are skipped, so repeated announcements cost a comparison.
    """
    latest: datetime | None = PaperAuthor.objects.aggregate(latest=Max("paper_modified_at"))["latest"]
    papers = Paper.objects.order_by("pk")
    if latest is not None:
        papers = papers.filter(modified_at__gte=latest - _SYNC_OVERLAP)
    written = 0
    last_pk = 0
    while True:
        versions = dict(papers.filter(pk__gt=last_pk).values_list("pk", "modified_at")[:_BATCH])
        if not versions:
            return written
        last_pk = max(versions)
        indexed = dict(
            PaperAuthor.objects.filter(paper_id__in=list(versions), position=0).values_list(
                "paper_id", "paper_modified_at"
            )
        )
        stale = [pk for pk, modified in versions.items() if indexed.get(pk) != modified]
        if stale:
            written += index_authors(Paper.objects.filter(pk__in=stale).only("pk", "authors", "modified_at"))


def frequent_co_authors(papers: PaperQuerySet, keys: Iterable[str], limit: int) -> list[dict[str, Any]]:
    """Everyone who wrote one of ``papers`` beside the author ``keys``: key, name, papers; most shared first.

    One grouped query on the author index, whatever the number of papers.
    """
    rows = (
        PaperAuthor.objects.filter(paper__in=papers.values("pk"))
        .exclude(key__in=list(keys))
        .values("key")
        .annotate(papers=Count("paper", distinct=True), name=Min("name"))
        .order_by("-papers", "key")[:limit]
    )
    return [dict(row) for row in rows]
