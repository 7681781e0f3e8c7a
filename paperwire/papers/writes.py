"""The catalogue's write path: a batch of ``PaperRecord`` into ``Paper`` rows in a few queries.

Every importer, the arXiv client and ``paperwire follow`` write papers
through ``upsert_papers`` and nothing else. Its rules (newer wins, empty
never blanks, imported counts only grow, votes stay exact through F()
moves, list entries follow their source, raw records kept) are written
once, for the people who run imports, in docs/ingest.md "What an import
does to a paper"; the comments below say which step keeps which rule.

The caller owns the transaction: one batch, one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connections, models, router
from django.db.models import F
from django.utils import timezone

from paperwire.papers.models import DailyEntry, Paper, SourceRecord
from paperwire.papers.records import EXTRA_TEXT_FIELDS, META_FIELDS, DailyRecord, PaperRecord, clean_text

_COUNTED_FIELDS = (
    *META_FIELDS,
    *EXTRA_TEXT_FIELDS,
    "version",
    "github_stars",
    "upvotes_imported",
    "comments_imported",
    "withdrawn",
)


@dataclass
class UpsertResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    # The stored rows by canonical id (new ones carry their primary key).
    papers: dict[str, Paper] | None = None


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _is_older(record: PaperRecord, paper: Paper) -> bool:
    if record.version is not None and record.version < paper.version:
        return True
    incoming = record.meta.get("updated") if record.dated else None
    return incoming is not None and paper.updated is not None and incoming < paper.updated


def _apply(record: PaperRecord, paper: Paper, *, new: bool, current: bool = False) -> None:
    """Merge ``record`` into ``paper`` in memory, following the module's rules.

    ``current``: the record is its source's latest listing of the paper, so
    its extras (repo, project page, AI summary, thumbnail …) replace older ones.
    """
    versioned = record.version is not None or (record.dated and record.meta.get("updated") is not None)
    if new or (versioned and not _is_older(record, paper)):
        for name, value in record.meta.items():
            if not _is_empty(value):
                setattr(paper, name, value)
        if record.version is not None:
            paper.version = max(record.version, paper.version) if not new else record.version
    elif not _is_older(record, paper):
        for name, value in record.meta.items():
            if not _is_empty(value) and _is_empty(getattr(paper, name)):
                setattr(paper, name, value)
    incoming = record.meta.get("abstract")
    if isinstance(incoming, str) and incoming != paper.abstract:
        stored = paper.abstract
        if stored == clean_text(stored) and stored == clean_text(incoming):
            paper.abstract = incoming
    for name, value in record.extra.items():
        if not _is_empty(value) and (current or _is_empty(getattr(paper, name))):
            setattr(paper, name, value)
    if record.github_stars is not None and (paper.github_stars is None or record.github_stars > paper.github_stars):
        paper.github_stars = record.github_stars
    if record.upvotes is not None and record.upvotes > paper.upvotes_imported:
        paper.upvotes_imported = record.upvotes
    if record.num_comments is not None and record.num_comments > paper.comments_imported:
        paper.comments_imported = record.num_comments
    if record.withdrawn:
        paper.withdrawn = True


def _state(paper: Paper) -> tuple[Any, ...]:
    return tuple(getattr(paper, name) for name in _COUNTED_FIELDS)


def _entry_from(daily: DailyRecord, paper: Paper) -> DailyEntry:
    return DailyEntry(
        paper=paper,
        list_date=daily.list_date,
        submitted_at=daily.submitted_at,
        submitter_name=daily.submitter_name[:150],
        submitter_fullname=daily.submitter_fullname[:300],
        submitter_avatar=daily.submitter_avatar[:500],
        source=daily.source,
    )


def _merge_daily(entry: DailyEntry, daily: DailyRecord) -> bool:
    """Follow the source to its latest list; fill submitter details. True when ``entry`` changed."""
    if entry.source != daily.source:
        # A local submission (or another source) owns this entry.
        return False
    before = (
        entry.list_date,
        entry.submitted_at,
        entry.submitter_name,
        entry.submitter_fullname,
        entry.submitter_avatar,
    )
    if daily.list_date > entry.list_date:
        # Re-listed: the paper belongs to the day the source lists it on now.
        fresh = _entry_from(daily, entry.paper)
        entry.list_date = fresh.list_date
        entry.submitted_at = fresh.submitted_at
        entry.submitter_name = fresh.submitter_name
        entry.submitter_fullname = fresh.submitter_fullname
        entry.submitter_avatar = fresh.submitter_avatar
    elif daily.list_date == entry.list_date:
        if entry.submitted_at is None:
            entry.submitted_at = daily.submitted_at
        if not entry.submitter_name:
            entry.submitter_name = daily.submitter_name[:150]
            entry.submitter_fullname = daily.submitter_fullname[:300]
            entry.submitter_avatar = daily.submitter_avatar[:500]
    after = (
        entry.list_date,
        entry.submitted_at,
        entry.submitter_name,
        entry.submitter_fullname,
        entry.submitter_avatar,
    )
    return before != after


def _insert(papers: list[Paper], now: datetime) -> None:
    """One prepared INSERT run for every row (executemany).

    bulk_create spends most of an import preparing values field by field and
    compiling a statement per 39 rows (SQLite's 999-parameter cap); text and
    numbers need no preparing, so only dates and JSON go through the fields.
    """
    connection = connections[router.db_for_write(Paper)]
    fields = [f for f in Paper._meta.local_concrete_fields if not f.primary_key and f.column]
    prepared = [isinstance(f, (models.DateTimeField, models.JSONField)) for f in fields]
    for paper in papers:
        paper.created_at = paper.modified_at = now
    rows = [
        tuple(
            f.get_db_prep_save(getattr(paper, f.attname), connection) if prep else getattr(paper, f.attname)
            for f, prep in zip(fields, prepared, strict=True)
        )
        for paper in papers
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields if f.column)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(Paper._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608 - names from the model
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


@dataclass
class _Batch:
    """What one ``upsert_papers`` call knows while it merges: the stored rows, the new ones, the list entries."""

    existing: dict[str, Paper]
    # Each stored paper as read, to see which fields the merge changed.
    original: dict[str, tuple[Any, ...]]
    new: dict[str, Paper] = field(default_factory=dict)
    daily_by_id: dict[str, list[DailyRecord]] = field(default_factory=dict)
    outcome_changed: set[str] = field(default_factory=set)
    # The day and source each paper is listed by so far: a record of that
    # source's latest listing is current (it follows a re-listing).
    listed: dict[str, tuple[Any, str]] = field(default_factory=dict)


def upsert_papers(records: list[PaperRecord]) -> UpsertResult:
    """Insert or update ``records`` (call inside a transaction); counts one outcome per record."""
    result = UpsertResult(papers={})
    if not records:
        return result
    batch = _read_batch(records)
    for record in records:
        _merge_record(record, batch, result)
    now = timezone.now()
    _insert_new(batch.new, now)
    _update_changed(batch, now)
    entries: dict[int, DailyEntry] = {}
    papers = {**batch.existing, **batch.new}
    if batch.daily_by_id:
        entries = _upsert_daily(batch.daily_by_id, papers, result, batch.outcome_changed, set(batch.new))
    result.papers = papers
    if any(record.raw is not None for record in records):
        _keep_raw(records, papers, entries, now)
    return result


def _read_batch(records: list[PaperRecord]) -> _Batch:
    """The stored papers the records name, and the list day and source of each (for "current")."""
    ids = list(dict.fromkeys(record.arxiv_id for record in records))
    existing = {paper.arxiv_id: paper for paper in Paper.objects.filter(arxiv_id__in=ids)}
    batch = _Batch(existing=existing, original={key: _state(paper) for key, paper in existing.items()})
    if existing and any(record.daily is not None for record in records):
        key_of = {paper.pk: key for key, paper in existing.items()}
        for paper_id, list_date, source in DailyEntry.objects.filter(paper_id__in=list(key_of)).values_list(
            "paper_id", "list_date", "source"
        ):
            batch.listed[key_of[paper_id]] = (list_date, source)
    return batch


def _is_current(record: PaperRecord, batch: _Batch) -> bool:
    """True when ``record`` is its source's latest listing of the paper so far (and remember it)."""
    if record.daily is None:
        return False
    known = batch.listed.get(record.arxiv_id)
    if known is None or (known[1] == record.daily.source and record.daily.list_date >= known[0]):
        batch.listed[record.arxiv_id] = (record.daily.list_date, record.daily.source)
        return True
    return False


def _merge_record(record: PaperRecord, batch: _Batch, result: UpsertResult) -> None:
    """Merge one record into its paper in memory (a new ``Paper`` when unknown); count its outcome."""
    key = record.arxiv_id
    current = _is_current(record, batch)
    paper = batch.existing.get(key) or batch.new.get(key)
    if paper is None and record.withdrawn and not record.meta:
        # A deletion notice for a paper we never had: nothing to withdraw.
        result.unchanged += 1
        return
    if paper is None:
        paper = Paper(arxiv_id=key)
        _apply(record, paper, new=True)
        batch.new[key] = paper
        result.added += 1
    else:
        before = _state(paper)
        _apply(record, paper, new=False, current=current)
        if _state(paper) != before:
            result.updated += 1
            batch.outcome_changed.add(key)
        else:
            result.unchanged += 1
    if record.daily is not None:
        batch.daily_by_id.setdefault(key, []).append(record.daily)


def _insert_new(new: dict[str, Paper], now: datetime) -> None:
    """Insert the new papers (counts start at the imported ones) and give each its primary key."""
    if not new:
        return
    for paper in new.values():
        paper.upvote_count = paper.upvotes_imported
        paper.comment_count = paper.comments_imported
        paper.title = paper.title or paper.arxiv_id
    _insert(list(new.values()), now)
    keys = dict(Paper.objects.filter(arxiv_id__in=list(new)).values_list("arxiv_id", "pk"))
    for key, paper in new.items():
        paper.pk = keys[key]
        paper._state.adding = False


def _update_changed(batch: _Batch, now: datetime) -> None:
    """Write the fields the merge changed; counts move by the change of the imported ones (votes stay exact)."""
    changed = [paper for key, paper in batch.existing.items() if _state(paper) != batch.original[key]]
    if not changed:
        return
    fields: set[str] = {"modified_at"}
    for paper in changed:
        old = dict(zip(_COUNTED_FIELDS, batch.original[paper.arxiv_id], strict=True))
        fields.update(name for name in _COUNTED_FIELDS if getattr(paper, name) != old[name])
        paper.modified_at = now
        # Relative moves keep local votes cast since we read the row.
        paper.upvote_count = F("upvote_count") + (paper.upvotes_imported - old["upvotes_imported"])  # type: ignore[assignment]
        paper.comment_count = F("comment_count") + (paper.comments_imported - old["comments_imported"])  # type: ignore[assignment]
    if "upvotes_imported" in fields:
        fields.add("upvote_count")
    if "comments_imported" in fields:
        fields.add("comment_count")
    Paper.objects.bulk_update(changed, sorted(fields), batch_size=200)
    # Leave no expression behind on objects handed back to callers.
    totals = {
        pk: (up, com)
        for pk, up, com in Paper.objects.filter(pk__in=[paper.pk for paper in changed]).values_list(
            "pk", "upvote_count", "comment_count"
        )
    }
    for paper in changed:
        paper.upvote_count, paper.comment_count = totals[paper.pk]


def _keep_raw(
    records: list[PaperRecord], papers: dict[str, Paper], entries: dict[int, DailyEntry], now: datetime
) -> None:
    """Store each paper's latest raw record per source; rows whose data did not change are not written."""
    latest: dict[tuple[int, str], Any] = {}
    for record in records:
        paper = papers.get(record.arxiv_id)
        if record.raw is None or not record.raw_source or paper is None or paper.pk is None:
            continue
        entry = entries.get(paper.pk)
        daily = record.daily
        if (
            daily is not None
            and entry is not None
            and entry.source == daily.source
            and daily.list_date < entry.list_date
        ):
            continue  # an earlier listing than the one the paper is on
        latest[(paper.pk, record.raw_source)] = record.raw
    if not latest:
        return
    sources = {source for _, source in latest}
    stored = {
        (row.paper_id, row.source): row
        for row in SourceRecord.objects.filter(paper_id__in={pk for pk, _ in latest}, source__in=sources)
    }
    to_create: list[SourceRecord] = []
    to_update: list[SourceRecord] = []
    for (pk, source), data in latest.items():
        row = stored.get((pk, source))
        if row is None:
            to_create.append(SourceRecord(paper_id=pk, source=source, data=data, fetched_at=now))
        elif row.data != data:
            row.data, row.fetched_at = data, now
            to_update.append(row)
    if to_create:
        SourceRecord.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        SourceRecord.objects.bulk_update(to_update, ["data", "fetched_at"], batch_size=200)


def _upsert_daily(
    daily_by_id: dict[str, list[DailyRecord]],
    papers: dict[str, Paper],
    result: UpsertResult,
    outcome_changed: set[str],
    created: set[str],
) -> dict[int, DailyEntry]:
    """Create or move the list entries; returns every entry involved by paper key."""
    paper_ids = [papers[key].pk for key in daily_by_id]
    entries = {entry.paper_id: entry for entry in DailyEntry.objects.filter(paper_id__in=paper_ids)}
    to_create: list[DailyEntry] = []
    to_update: list[DailyEntry] = []
    for key, dailies in daily_by_id.items():
        paper = papers[key]
        entry = entries.get(paper.pk)
        changed = False
        for daily in dailies:
            if entry is None:
                entry = _entry_from(daily, paper)
                to_create.append(entry)
            elif _merge_daily(entry, daily):
                changed = True
        if changed and entry is not None and entry.pk is not None:
            to_update.append(entry)
            # The paper's row was identical, but its list entry moved: that is an update.
            if key not in outcome_changed and key not in created:
                result.unchanged -= 1
                result.updated += 1
                outcome_changed.add(key)
    if to_create:
        # A paper that existed without a list entry gains one: count it as updated.
        for entry in to_create:
            key = entry.paper.arxiv_id
            if key not in outcome_changed and key not in created:
                result.unchanged -= 1
                result.updated += 1
                outcome_changed.add(key)
        DailyEntry.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        DailyEntry.objects.bulk_update(
            to_update,
            ["list_date", "submitted_at", "submitter_name", "submitter_fullname", "submitter_avatar"],
            batch_size=200,
        )
    for entry in to_create:
        entries[entry.paper_id] = entry
    return entries
