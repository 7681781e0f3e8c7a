"""Title keys: one fixed-length digest of each paper's title stems, kept in step with the catalogue.

An exact-title look-up (:func:`paperwire.search.lookup.exact_title_match`)
probes ``TitleKey.key`` with the key of the typed text instead of asking the
full-text index for every paper containing the title's words: one index
probe at any catalogue size, and an old paper with a generic title is found
as surely as a new one. The key is the digest of the title's stems
(:mod:`paperwire.search.normalise`), so "Impossible Videos" and a corrected
"impossible video" share it.

The keys follow the papers like the author index does
(:mod:`paperwire.papers.authors`): a ``post_save`` on ``Paper`` keys a paper
saved one at a time (:mod:`paperwire.search.receivers`), and
:func:`sync_title_keys` keys bulk imports (queued when ingest announces
``papers_changed``, every 10 minutes as a safety net, and by
``paperwire index run``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import Max, QuerySet

from paperwire.papers.models import Paper
from paperwire.search.models import TitleKey
from paperwire.search.normalise import normalised_words, stems

# Papers modified this long before the newest keyed change are keyed again:
# an import transaction may commit after a later one began keying.
_SYNC_OVERLAP = timedelta(minutes=2)
_BATCH = 1000
# 16 bytes: 32 hex characters, the column's width; collisions are out of reach.
_DIGEST_BYTES = 16


def title_key_of_words(words: Iterable[str]) -> str:
    """The key of a title already split into normalised words."""
    text = " ".join(stems(words))
    return hashlib.blake2b(text.encode(), digest_size=_DIGEST_BYTES).hexdigest()


def title_key(title: str) -> str:
    """The key of ``title``: the digest of its stems, joined by spaces (case, accents, punctuation, endings aside)."""
    return title_key_of_words(normalised_words(title))


def newest_keyed_paper() -> int | None:
    """The highest paper id that has a key (an index look-up); papers above it are not keyed yet."""
    newest: int | None = TitleKey.objects.aggregate(newest=Max("paper_id"))["newest"]
    return newest


def unkeyed_range() -> tuple[int | None, bool]:
    """The highest keyed paper id (None: nothing is keyed) and whether any paper is above it.

    Both maxima in one round trip, each the end of a primary key index: a
    look-up asks the full-text index about unkeyed papers only when there are some.
    """
    quote = connection.ops.quote_name
    keys, papers = quote(TitleKey._meta.db_table), quote(Paper._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT (SELECT max(paper_id) FROM {keys}), (SELECT max(id) FROM {papers})")  # noqa: S608
        newest_keyed, newest_paper = cursor.fetchone()
    if newest_keyed is None:
        return None, newest_paper is not None
    return int(newest_keyed), newest_paper is not None and int(newest_paper) > int(newest_keyed)


def key_papers(papers: Iterable[Paper]) -> int:
    """Write (or rewrite) the keys of ``papers`` (they need ``pk``, ``title``, ``modified_at``); returns the count."""
    return _write_keys((paper.pk, paper.title, paper.modified_at) for paper in papers)


def _write_keys(papers: Iterable[tuple[int, str, datetime | None]]) -> int:
    """Upsert the keys of (id, title, modified_at) rows: one statement per batch, no delete."""
    rows = [TitleKey(paper_id=pk, key=title_key(title), paper_modified_at=modified) for pk, title, modified in papers]
    if rows:
        TitleKey.objects.bulk_create(
            rows,
            batch_size=_BATCH,
            update_conflicts=True,
            unique_fields=["paper"],
            update_fields=["key", "paper_modified_at"],
        )
    return len(rows)


def sync_title_keys() -> int:
    """Key every paper without a key and re-key the papers modified since the newest keyed change.

    Returns the number of keys written. Three passes, each cheap when it has
    nothing to do:

    1. papers above the highest keyed id (new imports: a range of the primary key);
    2. papers modified since the newest keyed ``modified_at`` (minus an
       overlap), skipping those already keyed at their current ``modified_at``,
       so repeated announcements cost a comparison;
    3. older papers without a key (a paper saved alone during an import is
       keyed above papers the import has not had keyed yet; rows inserted by
       hand): looked for only when the counts of papers and keys disagree.
    """
    latest: datetime | None = TitleKey.objects.aggregate(latest=Max("paper_modified_at"))["latest"]
    highest = newest_keyed_paper() or 0
    written = _key_stale(Paper.objects.filter(pk__gt=highest))
    if latest is not None:
        written += _key_stale(Paper.objects.filter(pk__lte=highest, modified_at__gte=latest - _SYNC_OVERLAP))
    if _has_unkeyed_below(highest):
        written += _key_unkeyed_below(highest)
    return written


def _key_stale(papers: QuerySet[Paper]) -> int:
    """Key the papers of ``papers`` that have no key or one from an older ``modified_at``, walking by id."""
    written = 0
    last_pk = 0
    while True:
        # Titles come along: they are short, and most papers of a walk need keying anyway.
        batch = list(papers.filter(pk__gt=last_pk).order_by("pk").values_list("pk", "title", "modified_at")[:_BATCH])
        if not batch:
            return written
        last_pk = batch[-1][0]
        keyed = dict(
            TitleKey.objects.filter(paper_id__in=[pk for pk, _, _ in batch]).values_list(
                "paper_id", "paper_modified_at"
            )
        )
        written += _write_keys(row for row in batch if row[0] not in keyed or keyed[row[0]] != row[2])


def _has_unkeyed_below(highest: int) -> bool:
    """Whether some paper up to ``highest`` has no key: counts, not a walk.

    Every key belongs to one existing paper (a deleted paper takes its key
    along), so the keys up to ``highest`` fall short of the papers up to it
    exactly when one of them has none. Each count is a whole-table count
    (SQLite reads its smallest index) minus the small range above ``highest``
    (keyed by this sync's first pass or by single saves meanwhile).
    """
    if highest == 0:
        return False
    papers = Paper.objects.count() - Paper.objects.filter(pk__gt=highest).count()
    keys = TitleKey.objects.count() - TitleKey.objects.filter(paper_id__gt=highest).count()
    return keys < papers


def _key_unkeyed_below(highest: int) -> int:
    """Key the papers up to ``highest`` that have no key (a walk over the catalogue's ids)."""
    written = 0
    last_pk = 0
    while True:
        # Ids first, titles then for the unkeyed papers alone: the walk passes every paper.
        unkeyed = list(
            Paper.objects.filter(pk__gt=last_pk, pk__lte=highest, title_key__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:_BATCH]
        )
        if not unkeyed:
            return written
        last_pk = unkeyed[-1]
        rows = Paper.objects.filter(pk__in=unkeyed).order_by("pk").values_list("pk", "title", "modified_at")
        written += _write_keys(rows)
