"""Write a batch of ``PaperRecord`` to the catalogue in a few queries.

The rules, in one place (docs/ingest.md repeats them):

- The key is the arXiv id without version.
- arXiv metadata (``records.META_FIELDS``) from a record that is older than
  what is stored (lower version, or an earlier ``updated`` date) is ignored;
  a record that says neither (Hugging Face items, the cleaned snapshot) only
  fills fields that are still empty (but sets everything on a new paper). Empty values never blank a field.
- Hugging Face extras fill blanks, except that the source's latest listing
  of a paper replaces them (a re-listing brings a new project page); imported counts (upvotes, comments, stars)
  take the largest value seen, so re-reading older files changes nothing.
- ``upvote_count`` stays ``upvotes_imported + local votes``: it moves by the
  change of ``upvotes_imported`` through an F() expression, never by
  overwriting, so votes cast while an import runs are kept. Same for comments.
- An abstract is kept as its source wrote it (line breaks and indentation
  mark paragraphs). A stored abstract that is the one-line form of the
  incoming one (imported before paperwire kept abstracts as written) takes
  the incoming form.
- A paper listed by a source moves to the latest day that source lists it on
  (Hugging Face re-lists papers); a list entry another source owns (a local
  submission) never moves.
- Each record's raw form is kept as the paper's ``SourceRecord`` of its
  source, latest listing first: a record of an earlier listing than the
  paper's entry does not replace it.
- A record whose stored result would be identical is "unchanged" (a changed
  raw record alone does not count).

The caller owns the transaction: one batch, one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connections, models, router
from django.db.models import F
from django.utils import timezone

from paperwire.ingest.records import EXTRA_TEXT_FIELDS, META_FIELDS, DailyRecord, PaperRecord, clean_text
from paperwire.papers.models import DailyEntry, Paper, SourceRecord

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


def upsert_papers(records: list[PaperRecord]) -> UpsertResult:
    """Insert or update ``records`` (call inside a transaction); counts one outcome per record."""
    result = UpsertResult(papers={})
    if not records:
        return result
    ids = list(dict.fromkeys(record.arxiv_id for record in records))
    existing: dict[str, Paper] = {paper.arxiv_id: paper for paper in Paper.objects.filter(arxiv_id__in=ids)}
    original: dict[str, tuple[Any, ...]] = {key: _state(paper) for key, paper in existing.items()}
    imported_before = {key: (paper.upvotes_imported, paper.comments_imported) for key, paper in existing.items()}
    new: dict[str, Paper] = {}
    daily_by_id: dict[str, list[DailyRecord]] = {}
    outcome_changed: set[str] = set()
    # The day and source each paper is listed by so far: a record of that
    # source's latest listing is current (it follows a re-listing).
    listed: dict[str, tuple[Any, str]] = {}
    if existing and any(record.daily is not None for record in records):
        key_of = {paper.pk: key for key, paper in existing.items()}
        for paper_id, list_date, source in DailyEntry.objects.filter(paper_id__in=list(key_of)).values_list(
            "paper_id", "list_date", "source"
        ):
            listed[key_of[paper_id]] = (list_date, source)

    for record in records:
        key = record.arxiv_id
        current = False
        if record.daily is not None:
            known = listed.get(key)
            if known is None or (known[1] == record.daily.source and record.daily.list_date >= known[0]):
                current = True
                listed[key] = (record.daily.list_date, record.daily.source)
        paper = existing.get(key) or new.get(key)
        if paper is None and record.withdrawn and not record.meta:
            # A deletion notice for a paper we never had: nothing to withdraw.
            result.unchanged += 1
            continue
        if paper is None:
            paper = Paper(arxiv_id=key)
            _apply(record, paper, new=True)
            new[key] = paper
            result.added += 1
        else:
            before = _state(paper)
            _apply(record, paper, new=False, current=current)
            if _state(paper) != before:
                result.updated += 1
                outcome_changed.add(key)
            else:
                result.unchanged += 1
        if record.daily is not None:
            daily_by_id.setdefault(key, []).append(record.daily)

    now = timezone.now()
    for paper in new.values():
        paper.upvote_count = paper.upvotes_imported
        paper.comment_count = paper.comments_imported
        paper.title = paper.title or paper.arxiv_id
    if new:
        _insert(list(new.values()), now)
        keys = dict(Paper.objects.filter(arxiv_id__in=list(new)).values_list("arxiv_id", "pk"))
        for key, paper in new.items():
            paper.pk = keys[key]
            paper._state.adding = False

    changed = [paper for key, paper in existing.items() if _state(paper) != original[key]]
    if changed:
        fields: set[str] = {"modified_at"}
        for paper in changed:
            old = dict(zip(_COUNTED_FIELDS, original[paper.arxiv_id], strict=True))
            fields.update(name for name in _COUNTED_FIELDS if getattr(paper, name) != old[name])
            up_before, comments_before = imported_before[paper.arxiv_id]
            paper.modified_at = now
            # Relative moves keep local votes cast since we read the row.
            paper.upvote_count = F("upvote_count") + (paper.upvotes_imported - up_before)  # type: ignore[assignment]
            paper.comment_count = F("comment_count") + (paper.comments_imported - comments_before)  # type: ignore[assignment]
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

    entries: dict[int, DailyEntry] = {}
    if daily_by_id:
        entries = _upsert_daily(daily_by_id, {**existing, **new}, result, outcome_changed, set(new))

    result.papers = {**existing, **new}
    if any(record.raw is not None for record in records):
        _keep_raw(records, result.papers, entries, now)
    return result


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
