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
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import Exists, Max, OuterRef, QuerySet

from paperwire.ops.slices import past
from paperwire.papers.models import Paper
from paperwire.search.models import TitleKey
from paperwire.search.normalise import normalised_words, stems

# Papers modified this long before the newest keyed change are keyed again:
# an import transaction may commit after a later one began keying.
_SYNC_OVERLAP = timedelta(minutes=2)
# Papers per step of a sync: small enough that a step stays well inside a
# worker's slice (PAPERWIRE_JOB_SLICE_SECONDS) on a busy machine.
_BATCH = 200
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


@dataclass(frozen=True)
class TitleKeySync:
    """Where a sync stands: what it started from, which pass it is in, the last paper id it passed.

    A worker task runs a sync for one slice and queues the rest with this
    (as JSON), so a sync of a million new papers is a chain of short tasks
    that urgent work can overtake, and the chain resumes exactly where it
    stopped: the starting points are fixed when the sync begins, not read
    again (the first pass moves them).
    """

    highest: int
    latest: datetime | None
    phase: int = 1
    after: int = 0

    @classmethod
    def start(cls) -> TitleKeySync:
        latest: datetime | None = TitleKey.objects.aggregate(latest=Max("paper_modified_at"))["latest"]
        return cls(highest=newest_keyed_paper() or 0, latest=latest)

    def to_json(self) -> dict[str, Any]:
        latest = self.latest.isoformat() if self.latest is not None else None
        return {"highest": self.highest, "latest": latest, "phase": self.phase, "after": self.after}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TitleKeySync:
        latest = datetime.fromisoformat(data["latest"]) if data.get("latest") else None
        return cls(highest=int(data["highest"]), latest=latest, phase=int(data["phase"]), after=int(data["after"]))


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
    written, _ = sync_title_keys_until(None)
    return written


def sync_title_keys_until(deadline: float | None, state: TitleKeySync | None = None) -> tuple[int, TitleKeySync | None]:
    """Run a sync (``state``: resume one) until done or ``deadline`` passes; returns keys written and where it stopped.

    The second value is None when the sync is complete.
    """
    state = state or TitleKeySync.start()
    written = 0
    while state is not None:
        batch_written, state = _sync_step(state)
        written += batch_written
        if past(deadline):  # after the step: every slice makes progress
            break
    return written, state


def _sync_step(state: TitleKeySync) -> tuple[int, TitleKeySync | None]:
    """One batch of the current pass; returns keys written and the state after it (None: sync done)."""
    if state.phase == 1:
        written, after = _key_stale_batch(Paper.objects.filter(pk__gt=state.highest), state.after)
    elif state.phase == 2 and state.latest is not None:
        changed = Paper.objects.filter(pk__lte=state.highest, modified_at__gte=state.latest - _SYNC_OVERLAP)
        written, after = _key_stale_batch(changed, state.after)
    elif state.phase == 3 and (state.after > 0 or _has_unkeyed_below(state.highest)):
        written, after = _key_unkeyed_batch(state.highest, state.after)
    else:
        written, after = 0, None
    if after is not None:
        return written, replace(state, after=after)
    if state.phase < 3:
        return written, replace(state, phase=state.phase + 1, after=0)
    return written, None


def _key_stale_batch(papers: QuerySet[Paper], after: int) -> tuple[int, int | None]:
    """Key the next papers of ``papers`` past id ``after`` with no key or an old one; (written, last id or None).

    The database skips the papers keyed at their current ``modified_at``: a
    sync after a large import passes that import's papers again (they are in
    the overlap) at the cost of an index probe each, not a round trip.
    """
    up_to_date = TitleKey.objects.filter(paper_id=OuterRef("pk"), paper_modified_at=OuterRef("modified_at"))
    stale = papers.filter(pk__gt=after).exclude(Exists(up_to_date)).order_by("pk")
    batch = list(stale.values_list("pk", "title", "modified_at")[:_BATCH])
    if not batch:
        return 0, None
    return _write_keys(batch), batch[-1][0]


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


def _key_unkeyed_batch(highest: int, after: int) -> tuple[int, int | None]:
    """Key the next papers up to ``highest`` past id ``after`` that have no key; (written, last id or None)."""
    # Ids first, titles then for the unkeyed papers alone: the walk passes every paper.
    unkeyed = list(
        Paper.objects.filter(pk__gt=after, pk__lte=highest, title_key__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:_BATCH]
    )
    if not unkeyed:
        return 0, None
    rows = Paper.objects.filter(pk__in=unkeyed).order_by("pk").values_list("pk", "title", "modified_at")
    return _write_keys(rows), unkeyed[-1]
