"""Follow upstreams: import the daily lists of Hugging Face or another paperwire, day by day.

``PAPERWIRE_FOLLOW`` names base URLs that answer ``GET /api/daily_papers``
as Hugging Face does. For each, a catch-up reads every day from its
checkpoint (``FollowCheckpoint.done_through``, minus
``PAPERWIRE_FOLLOW_REFRESH_DAYS`` re-read so counts stay current) to today,
page by page, politely (``hf_client.py``), and writes the days it read in
one transaction together with the checkpoint (every ``BATCH_RECORDS``
papers or ``BATCH_SECONDS``): a killed catch-up resumes at the first day it
had not committed, and re-reading a day changes nothing that did not change
upstream. The worker runs it every
``PAPERWIRE_FOLLOW_INTERVAL`` minutes; ``paperwire follow`` runs it by hand.

Items are mapped by the Hugging Face importer (``hf_daily.record_from_item``;
each item kept whole as the paper's ``follow:<base url>`` source record) and
written by ``upsert.upsert_papers``, with two rules on top, because here the
upstream is the authority rather than one file among many:

- **Counts are the upstream's.** ``upvotes_imported`` / ``comments_imported``
  become exactly what the upstream says, down as well as up (an upvote
  withdrawn upstream is withdrawn here). Local votes stay local:
  ``upvote_count`` moves by the change of the imported count only.
- **The list follows the upstream.** The list day is the day the upstream
  lists the paper on (the day asked for, whatever dates the item carries).
  When it lists the paper again on a later day, the paper moves to that
  later day (upsert's rule), and reading the earlier day again moves nothing
  back, nor takes that older listing's counts. A paper submitted here (not
  imported) keeps its own list entry.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, TextIO

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from tqdm import tqdm

from paperwire.ingest.hf_client import RequestStats, Upstream, UpstreamError
from paperwire.ingest.hf_daily import record_from_item
from paperwire.ingest.models import FollowCheckpoint
from paperwire.ingest.runner import ChangeNotices, Counts
from paperwire.papers.models import DailyEntry, Paper
from paperwire.papers.records import BadRecord, DailyRecord, PaperRecord
from paperwire.papers.writes import upsert_papers

logger = logging.getLogger(__name__)
# How long a catch-up's claim on an upstream lasts without news from it; it is
# renewed before every request, so only a killed catch-up lets it run out.
LEASE = timedelta(minutes=2)
# Days are written together until this many papers wait, or this many seconds
# have passed since the last write (a kill loses at most that much reading).
BATCH_RECORDS = 500
BATCH_SECONDS = 10.0
_ENTRY_FIELDS = ("list_date", "submitted_at", "submitter_name", "submitter_fullname", "submitter_avatar")
# Paper columns that say nothing about the paper itself.
_BOOKKEEPING = {"id", "created_at", "modified_at"}


class FollowBusy(Exception):
    """Another catch-up of the same upstream is running (another worker, or a command)."""


@dataclass
class FollowResult:
    upstream: str
    counts: Counts = field(default_factory=Counts)
    days: int = 0
    items: int = 0
    stats: RequestStats = field(default_factory=RequestStats)

    def summary(self) -> str:
        days = f"{self.days} day" + ("" if self.days == 1 else "s")
        requests = f"{self.stats.requests} request" + ("" if self.stats.requests == 1 else "s")
        return f"{self.upstream}: {self.counts.summary()} ({days}, {requests})"


def normalise(url: str) -> str:
    return url.strip().rstrip("/")


def days_to_read(done_through: date | None, *, since: date | None, until: date | None, today: date) -> list[date]:
    """The days one catch-up reads, oldest first."""
    last = until or today
    if since is not None:
        first = since
    elif done_through is not None:
        first = done_through + timedelta(days=1 - int(settings.FOLLOW_REFRESH_DAYS))
    else:
        first = today - timedelta(days=int(settings.FOLLOW_BACKFILL_DAYS))
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _claim(checkpoint_pk: int, now: datetime) -> bool:
    free = Q(leased_until__isnull=True) | Q(leased_until__lt=now)
    return FollowCheckpoint.objects.filter(free, pk=checkpoint_pk).update(leased_until=now + LEASE) == 1


def _renewer(checkpoint_pk: int) -> Callable[[float], None]:
    def renew(wait: float) -> None:
        until = timezone.now() + LEASE + timedelta(seconds=wait)
        FollowCheckpoint.objects.filter(pk=checkpoint_pk).update(leased_until=until)

    return renew


def records_for_day(items: list[Any], day: date, origin: str, reject: Callable[[str, str], None]) -> list[PaperRecord]:
    """The day's items as records listed on ``day`` (the upstream's list, whatever the item's own dates say)."""
    records: list[PaperRecord] = []
    raw_source = f"follow:{origin}"[:255]
    for index, item in enumerate(items):
        where = f"{origin} {day} item {index}"
        try:
            record = record_from_item(item, day)
        except BadRecord as exc:
            reject(where, str(exc))
            continue
        if record.daily is None:
            record.daily = DailyRecord(list_date=day)
        record.daily.list_date = day
        record.origin = where
        # The item is kept whole as this upstream's record of the paper, beside any hf-daily file's.
        record.raw_source = raw_source
        records.append(record)
    return records


def _fingerprints(arxiv_ids: list[str]) -> dict[str, tuple[dict[str, Any], dict[str, Any] | None]]:
    """What a reader could notice of each paper: its columns and its list entry (the primary key rides along)."""
    names = [f.attname for f in Paper._meta.concrete_fields if f.attname not in _BOOKKEEPING]
    rows = {row["arxiv_id"]: row for row in Paper.objects.filter(arxiv_id__in=arxiv_ids).values("pk", *names)}
    entries = {
        row["paper__arxiv_id"]: row
        for row in DailyEntry.objects.filter(paper__arxiv_id__in=arxiv_ids).values(
            "paper__arxiv_id", "source", *_ENTRY_FIELDS
        )
    }
    return {key: (row, entries.get(key)) for key, row in rows.items()}


def _follow_upstream_rules(
    records: list[PaperRecord], stored: dict[str, tuple[dict[str, Any], dict[str, Any] | None]], now: datetime
) -> None:
    """Apply the module's two rules before the ordinary upsert (inside its transaction).

    ``stored``: the papers' fingerprints read in this transaction, before anything was written.
    """
    lowered: list[Paper] = []
    for record in records:
        if record.arxiv_id not in stored:
            continue
        row, entry = stored[record.arxiv_id]
        up, comments = row["upvotes_imported"], row["comments_imported"]
        daily = record.daily
        later = daily is not None and entry is not None and entry["list_date"] > daily.list_date
        if later and daily is not None and entry is not None and entry["source"] == daily.source:
            # Listed again upstream on a later day: that listing's counts are the
            # current ones, this older listing's are stale (upsert keeps the later list).
            record.upvotes = record.num_comments = None
            continue
        # upsert only ever raises imported counts; lowering them is this module's job.
        lower_up = record.upvotes is not None and record.upvotes < up
        lower_comments = record.num_comments is not None and record.num_comments < comments
        if not (lower_up or lower_comments):
            continue
        paper = Paper(pk=row["pk"], modified_at=now, upvotes_imported=up, comments_imported=comments)
        paper.upvote_count = F("upvote_count")  # type: ignore[assignment]
        paper.comment_count = F("comment_count")  # type: ignore[assignment]
        if lower_up and record.upvotes is not None:
            paper.upvotes_imported = record.upvotes
            paper.upvote_count = F("upvote_count") - (up - record.upvotes)  # type: ignore[assignment]
        if lower_comments and record.num_comments is not None:
            paper.comments_imported = record.num_comments
            paper.comment_count = F("comment_count") - (comments - record.num_comments)  # type: ignore[assignment]
        lowered.append(paper)
    if lowered:
        # One UPDATE for the batch; F() keeps local votes cast since the row was read.
        fields = ["modified_at", "upvotes_imported", "upvote_count", "comments_imported", "comment_count"]
        Paper.objects.bulk_update(lowered, fields, batch_size=200)


def import_records(records: list[PaperRecord], now: datetime) -> tuple[Counts, bool]:
    """Write records of one or more days (call inside a transaction); their counts and whether anything changed."""
    counts = Counts()
    if not records:
        return counts, False
    ids = [record.arxiv_id for record in records]
    before = _fingerprints(ids)
    _follow_upstream_rules(records, before, now)
    result = upsert_papers(records)
    after = _fingerprints([key for key in ids if key in before])
    counts.added = result.added
    for key in dict.fromkeys(ids):
        if key not in before:
            continue
        if after.get(key) != before[key]:
            counts.updated += 1
        else:
            counts.unchanged += 1
    return counts, bool(counts.added or counts.updated)


def follow_upstream(
    url: str,
    *,
    since: date | None = None,
    until: date | None = None,
    quiet: bool = True,
    stderr: TextIO | None = None,
) -> FollowResult:
    """Catch up with one upstream; raises FollowBusy, or UpstreamError when a day cannot be read."""
    base = normalise(url)
    checkpoint = _claim_upstream(base)
    client = Upstream(
        base,
        interval=float(settings.FOLLOW_REQUEST_INTERVAL),
        timeout=float(settings.FOLLOW_TIMEOUT),
        page_size=int(settings.FOLLOW_PAGE_SIZE),
        keepalive=_renewer(checkpoint.pk),
    )
    today = timezone.now().date()
    days = days_to_read(checkpoint.done_through, since=since, until=until, today=today)
    catch_up = _CatchUp(base, checkpoint.pk, client, days, quiet=quiet, out=stderr or sys.stderr)
    try:
        catch_up.read_days()
        if not days or days[-1] >= today:
            FollowCheckpoint.objects.filter(pk=checkpoint.pk).update(synced_at=timezone.now())
    finally:
        catch_up.close()
        FollowCheckpoint.objects.filter(pk=checkpoint.pk).update(leased_until=None)
    return catch_up.result


def _claim_upstream(base: str) -> FollowCheckpoint:
    """The upstream's checkpoint, leased to this catch-up; FollowBusy when another one holds it."""
    checkpoint, _ = FollowCheckpoint.objects.get_or_create(upstream=base)
    if not _claim(checkpoint.pk, timezone.now()):
        held = f"{checkpoint.leased_until:%Y-%m-%d %H:%M:%S} UTC" if checkpoint.leased_until else "soon"
        raise FollowBusy(
            f"{base}: another catch-up is reading it (a killed one holds it until {held}); try again later"
        )
    return checkpoint


class _CatchUp:
    """One catch-up's reading and writing: days in order, several days per transaction."""

    def __init__(
        self, base: str, checkpoint_id: int, client: Upstream, days: list[date], *, quiet: bool, out: TextIO
    ) -> None:
        self.base = base
        self.checkpoint_id = checkpoint_id
        self.client = client
        self.days = days
        self.out = out
        self.result = FollowResult(base)
        self.result.stats = client.stats
        self.progress = tqdm(
            days, disable=quiet or not out.isatty(), file=out, unit=" days", dynamic_ncols=True, leave=False
        )
        self.notices = ChangeNotices()
        # Records waiting to be written, the latest listing of each paper only.
        self.pending: dict[str, PaperRecord] = {}
        self.last_flush = time.monotonic()

    def read_days(self) -> None:
        read_through: date | None = None
        for day in self.progress:
            try:
                items = self.client.day(day)
            except UpstreamError:
                if self.pending and read_through is not None:
                    self.flush(read_through)  # the days read before the one that failed are complete
                raise
            read_through = day
            self.keep(items, day)
            # Several days per transaction: a day is a few dozen papers, and one
            # transaction per day spent more time committing than importing.
            due = len(self.pending) >= BATCH_RECORDS or time.monotonic() - self.last_flush >= BATCH_SECONDS
            if due or day == self.days[-1]:
                self.flush(day)

    def keep(self, items: list[Any], day: date) -> None:
        """Hold the day's records until the next flush; a later listing replaces an earlier one."""
        for record in records_for_day(items, day, self.base, self.reject):
            if self.pending.pop(record.arxiv_id, None) is not None:
                # A later listing replaces an earlier one not yet written, which changes nothing.
                self.result.counts.unchanged += 1
            self.pending[record.arxiv_id] = record
        self.result.days += 1
        self.result.items += len(items)
        self.progress.set_postfix_str(f"{self.result.items} papers", refresh=False)

    def reject(self, origin: str, message: str) -> None:
        self.result.counts.rejected += 1
        if self.progress.disable:
            self.out.write(f"rejected {origin}: {message}\n")
        else:
            self.progress.write(f"rejected {origin}: {message}", file=self.out)

    def flush(self, through: date) -> None:
        """Write the held records and move the checkpoint to ``through`` in one transaction."""
        done_through = FollowCheckpoint.objects.values_list("done_through", flat=True).get(pk=self.checkpoint_id)
        now = timezone.now()
        with transaction.atomic():
            counts, changed = import_records(list(self.pending.values()), now)
            FollowCheckpoint.objects.filter(pk=self.checkpoint_id).update(
                done_through=max(done_through, through) if done_through else through, leased_until=now + LEASE
            )
            self.notices.batch_written(changed)
        self.result.counts.add(counts)
        self.pending.clear()
        self.last_flush = time.monotonic()

    def close(self) -> None:
        self.notices.finish()
        self.progress.close()
        self.client.close()


def follow_all(*, quiet: bool = True, stderr: TextIO | None = None) -> list[str]:
    """One catch-up of every upstream in ``PAPERWIRE_FOLLOW``: a summary line each.

    An upstream that is down, or busy with another catch-up, is reported and
    skipped; the others still run, and the next catch-up starts where this one stopped.
    """
    lines = []
    for url in settings.FOLLOW:
        try:
            lines.append(follow_upstream(url, quiet=quiet, stderr=stderr).summary())
        except (FollowBusy, UpstreamError) as exc:
            logger.warning("follow %s: %s", normalise(url), exc)
            lines.append(f"{normalise(url)}: not caught up ({exc})")
    return lines
