"""Import a library: BibTeX, Zotero's CSL JSON, or a pasted list of ids and URLs.

Reading (``read_import``) is pure; applying (``apply_import``) saves what the
catalogue has, and records a ``PendingImport`` for each arXiv paper it lacks,
which the worker fetches from arXiv in turn — a request never waits for arXiv.
The report says, entry by entry, what matched, what is being fetched and what
was not understood.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TypeVar

import bibtexparser
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Case, Q, QuerySet, Value, When
from django.db.models.functions import Lower
from django.dispatch import Signal
from django.utils import timezone

from paperwire.community.submit import submissions_waiting
from paperwire.ingest.arxiv_api import IDS_PER_REQUEST, ArxivNotFound, ArxivUnavailable, fetch_available
from paperwire.ingest.unknown_ids import recently_unknown
from paperwire.lib.arxiv_ids import InvalidArxivId, parse_arxiv_id
from paperwire.lib.gc_pauses import deferred_collection
from paperwire.lib.user_text import UserTextError, checked_text
from paperwire.library.models import PendingImport, SavedPaper, Tag, TagMembership
from paperwire.library.saving import clean_note
from paperwire.library.tags import TagError, clean_tag_name
from paperwire.papers.models import Paper

# Sent for each batch of missing papers queued and committed; the tasks module wakes the
# worker (connected in apps.py: tasks.py imports this module, so this module cannot import it).
fetches_queued = Signal()

MAX_ENTRIES = 5000
# Rows written per transaction: each holds SQLite's one write lock for a few
# milliseconds (bench/import_writes.py), so another person's vote or comment never waits long behind an import.
WRITE_CHUNK = 100
TAGS_PER_PAPER = 20
# A batch claimed by a worker that died is taken by the next one after this long.
CLAIM_SECONDS = 600
_T = TypeVar("_T")
# Characters: more than any request body the server reads (PAPERWIRE_MAX_UPLOAD_MB).
MAX_TEXT = 110_000_000
# Only this much of a field is searched for an id, URL, DOI or keywords: real
# ones are far shorter, and a pattern never runs over a pasted megabyte.
MAX_FIELD = 2000
# @string lets a small file name a large one (one 200 KB string used by 900
# entries); the fields as expanded may hold at most this many times the text.
MAX_EXPANSION = 2
# One import request: (imports, seconds) per person. The largest file or paste is
# PAPERWIRE_MAX_UPLOAD_MB, enforced on every request body (lib/body_limit.py).
IMPORT_RATE = (10, 3600)

# "arXiv:2401.01234", "arxiv.org/abs/2401.01234v2", "arXiv preprint arXiv:hep-th/9901001"
_ARXIV_IN_TEXT = re.compile(
    r"(?:arxiv\.org/(?:abs|pdf)/|arxiv:\s*)(?P<id>\d{4}\.\d{4,5}(?:v\d+)?|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)",
    re.IGNORECASE,
)
# arXiv's own DOIs (10.48550/arXiv.2401.01234) name the arXiv id.
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(?P<id>.+)$", re.IGNORECASE)
_DOI = re.compile(r"(?:doi\.org/|doi:\s*)?(?P<doi>10\.\d{4,9}/\S+)", re.IGNORECASE)
_BIBTEX_START = re.compile(r"@\s*[A-Za-z]+\s*[{(]")

logger = logging.getLogger(__name__)


class ImportRefused(ValueError):
    """The text would cost more to read than one import may; the message names the limit.

    ``too_large`` tells a size limit (HTTP 413) from a malformed text (400).
    """

    def __init__(self, message: str, *, too_large: bool) -> None:
        super().__init__(message)
        self.too_large = too_large


def _too_many(count: int) -> ImportRefused:
    return ImportRefused(
        f"This has {count} entries; one import reads at most {MAX_ENTRIES}. Split it into smaller files.",
        too_large=True,
    )


@dataclass
class ImportItem:
    """One entry or line as read: where it was, and what it names."""

    label: str
    arxiv_id: str | None = None
    doi: str | None = None
    tags: list[str] = field(default_factory=list)
    note: str = ""  # the entry's annotation (BibTeX/CSL ``annote``, where paperwire exports notes)
    problem: str = ""


@dataclass
class ImportReport:
    format: str
    matched: list[tuple[str, Paper]] = field(default_factory=list)
    fetching: list[tuple[str, str]] = field(default_factory=list)
    not_understood: list[tuple[str, str]] = field(default_factory=list)
    # About the whole import rather than one entry (tags left out by the caps).
    warnings: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.matched) + len(self.fetching) + len(self.not_understood)


# --- reading ------------------------------------------------------------------


def arxiv_id_in(text: str) -> str | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return parse_arxiv_id(text).id
    except InvalidArxivId:
        pass
    doi = _ARXIV_DOI.match(text)
    if doi:
        return arxiv_id_in(doi.group("id"))
    found = _ARXIV_IN_TEXT.search(text)
    if found:
        try:
            return parse_arxiv_id(found.group("id")).id
        except InvalidArxivId:
            return None
    return None


def _doi(text: str) -> str | None:
    found = _DOI.search((text or "").strip())
    return found.group("doi").rstrip(".,;").lower() if found else None


def _item_from_fields(label: str, fields: dict[str, str], *, keyword_fields: tuple[str, ...]) -> ImportItem:
    fields = {name: value[:MAX_FIELD] for name, value in fields.items()}
    item = ImportItem(label=label)
    eprint = fields.get("eprint", "") or fields.get("arxivid", "") or fields.get("arxiv", "")
    prefix = (fields.get("archiveprefix", "") or fields.get("eprinttype", "")).lower()
    if eprint and prefix in ("", "arxiv"):
        item.arxiv_id = arxiv_id_in(eprint)
    doi = _doi(fields.get("doi", ""))
    if doi and item.arxiv_id is None:
        item.arxiv_id = arxiv_id_in(doi)
    if item.arxiv_id is None:
        for name in ("url", "note", "journal", "howpublished", "number", "publisher", "archive_location"):
            found = arxiv_id_in(fields.get(name, "")) if fields.get(name) else None
            if found:
                item.arxiv_id = found
                break
    item.doi = doi if doi and not _ARXIV_DOI.match(doi) else None
    # Only ``annote``: ``note`` mostly carries citation text ("arXiv preprint arXiv:…").
    item.note = clean_note(fields.get("annote", ""))
    for name in keyword_fields:
        item.tags += [part.strip() for part in re.split(r"[,;]", fields.get(name, "")) if part.strip()]
    if item.arxiv_id is None and item.doi is None:
        item.problem = "no arXiv id, arXiv URL or DOI in this entry"
    return item


def read_bibtex(text: str, *, keep_keywords: bool) -> list[ImportItem]:
    # bibtexparser logs every block it cannot parse; the report lists them instead.
    logging.getLogger("bibtexparser").setLevel(logging.ERROR)
    blocks = len(_BIBTEX_START.findall(text))
    if blocks > 2 * MAX_ENTRIES:  # before parsing: the parser's time grows with the blocks
        raise _too_many(blocks)
    library = bibtexparser.parse_string(text)
    if len(library.entries) > MAX_ENTRIES:
        raise _too_many(len(library.entries))
    _check_expansion(library, len(text))
    items: list[tuple[int, ImportItem]] = []
    keyword_fields = ("keywords", "tags", "mendeley-tags") if keep_keywords else ()
    for entry in library.entries:
        fields = {key.lower(): str(value.value) for key, value in entry.fields_dict.items()}
        title = " ".join(fields.get("title", "").replace("{", "").replace("}", "").split())
        line = (entry.start_line or 0) + 1
        label = f"line {line}: {entry.key}" + (f" — {title[:80]}" if title else "")
        items.append((line, _item_from_fields(label, fields, keyword_fields=keyword_fields)))
    for block in library.failed_blocks:
        raw = (block.raw or "").strip()
        first = raw.splitlines()[0][:80] if raw else ""
        line = (block.start_line or 0) + 1
        items.append((line, ImportItem(label=f"line {line}: {first}", problem="not valid BibTeX")))
    return [item for _, item in sorted(items, key=lambda pair: pair[0])]


def _check_expansion(library: bibtexparser.Library, text_length: int) -> None:
    """Refuse a file whose @string references expand it beyond ``MAX_EXPANSION`` times its size.

    The parser shares each string's value between the fields that name it, so
    the sum of lengths costs one step per field; reading those fields would not.
    """
    expanded = sum(len(str(field.value)) for entry in library.entries for field in entry.fields)
    if expanded > MAX_EXPANSION * text_length + MAX_FIELD:
        raise ImportRefused(
            f"Its @string definitions expand this file to {expanded:,} characters, more than {MAX_EXPANSION} "
            "times its size. Write the values into the entries, or import fewer at a time.",
            too_large=True,
        )


def read_csl_json(data: Any, *, keep_keywords: bool) -> list[ImportItem]:
    records = data.get("items", []) if isinstance(data, dict) else data
    if isinstance(records, list) and len(records) > MAX_ENTRIES:
        raise _too_many(len(records))
    items: list[ImportItem] = []
    for index, record in enumerate(records if isinstance(records, list) else [], start=1):
        if not isinstance(record, dict):
            items.append(ImportItem(label=f"item {index}", problem="not a CSL JSON item"))
            continue
        fields = {str(key).lower(): str(value) for key, value in record.items() if isinstance(value, str | int)}
        title = " ".join(fields.get("title", "").split())
        label = f"item {index}: {fields.get('id', '')}" + (f" — {title[:80]}" if title else "")
        items.append(_item_from_fields(label, fields, keyword_fields=("keyword",) if keep_keywords else ()))
    return items


def read_list(text: str) -> list[ImportItem]:
    items: list[ImportItem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if len(items) == MAX_ENTRIES:
            raise _too_many(sum(1 for rest in text.splitlines() if rest.strip() and not rest.strip().startswith("#")))
        line = line[:MAX_FIELD]
        label = f"line {number}: {line[:100]}"
        arxiv_id = arxiv_id_in(line)
        doi = None if arxiv_id else _doi(line)
        if arxiv_id is None and doi is None:
            items.append(ImportItem(label=label, problem="not an arXiv id, arXiv URL or DOI"))
        else:
            items.append(ImportItem(label=label, arxiv_id=arxiv_id, doi=doi))
    return items


def _json(text: str) -> Any:
    """``text`` as JSON, None when it is not JSON; ImportRefused when nested beyond any CSL file."""
    try:
        return json.loads(text)
    except ValueError:
        return None
    except RecursionError:
        # The decoder recurses once per "[" or "{"; Python stops it near 1,000 levels.
        raise ImportRefused("This JSON is nested far too deeply to be CSL JSON.", too_large=False) from None


def read_import(text: str, *, keep_keywords: bool = False) -> tuple[str, list[ImportItem]]:
    """Recognise the format (CSL JSON, BibTeX or a list) and read every entry of ``text``.

    Raises ImportRefused when reading would cost more than one import may
    (more than ``MAX_ENTRIES`` entries, @string expansion, deep nesting).
    """
    try:
        checked_text(text, label="The text to import", max_length=MAX_TEXT)
    except UserTextError as exc:
        raise ImportRefused(str(exc), too_large=len(text) > MAX_TEXT) from None
    stripped = text.lstrip()
    if stripped[:1] in "[{":
        data = _json(stripped)
        if isinstance(data, list | dict):
            return "CSL JSON", read_csl_json(data, keep_keywords=keep_keywords)
    if _BIBTEX_START.search(text):
        return "BibTeX", read_bibtex(text, keep_keywords=keep_keywords)
    return "list", read_list(text)


# --- applying -----------------------------------------------------------------


def apply_import(user: User, text: str, *, tag: str = "", keep_keywords: bool = False) -> ImportReport:
    """Save every paper ``text`` names; queue arXiv fetches for the missing ones; report each entry."""
    kind, items = read_import(text, keep_keywords=keep_keywords)
    report = ImportReport(format=kind)
    if len(items) > MAX_ENTRIES:
        for item in items[MAX_ENTRIES:]:
            report.not_understood.append((item.label, f"over the limit of {MAX_ENTRIES} entries per import"))
        items = items[:MAX_ENTRIES]
    plan = _plan(user, items, tag, report)
    store_import(user, plan, report, tag=tag)
    return report


def store_import(user: User, plan: ImportPlan, report: ImportReport, *, tag: str = "") -> None:
    """Write a plan: tags within their caps, saves, then fetches queued, in short transactions.

    Also how a Zotero sync saves what it found (``zotero_sync.py``), so both
    follow the same caps and never hold the write lock for long.
    """
    with deferred_collection():  # a full collection inside one of the short transactions would hold the lock
        tags = _tags_for(user, [tag, *plan.tag_names()] if tag else plan.tag_names(), report)
        _save_matched(user, plan.to_save, tags, plan.notes_by_paper)
        _queue_fetches(user, plan.to_fetch, tags, plan.notes_by_arxiv_id)


@dataclass
class ImportPlan:
    """What an import will write: papers to save (by primary key) and arXiv ids to fetch, each with its tags."""

    to_save: dict[int, tuple[Paper, list[str]]] = field(default_factory=dict)
    to_fetch: dict[str, list[str]] = field(default_factory=dict)
    # The entries' annotations, for papers saved now and for those fetched later.
    notes_by_paper: dict[int, str] = field(default_factory=dict)
    notes_by_arxiv_id: dict[str, str] = field(default_factory=dict)

    def tag_names(self) -> list[str]:
        """Every tag name the plan uses, in the order the entries name them."""
        names = [name for _, names in self.to_save.values() for name in clean_import_tags(names)]
        return names + [name for names in self.to_fetch.values() for name in clean_import_tags(names)]


def _plan(user: User, items: list[ImportItem], tag: str, report: ImportReport) -> ImportPlan:
    """Match each entry against the catalogue; sort it into saved, fetched from arXiv or not understood."""
    arxiv_ids = {item.arxiv_id for item in items if item.arxiv_id}
    dois = {item.doi for item in items if item.doi}
    visible = Paper.objects.visible()
    by_arxiv = {paper.arxiv_id: paper for paper in visible.filter(arxiv_id__in=arxiv_ids)}
    by_doi = {
        paper.doi_lower: paper
        for paper in visible.annotate(doi_lower=Lower("doi")).filter(doi_lower__in=dois)  # type: ignore[attr-defined]
    }
    known_hidden = set(Paper.objects.filter(arxiv_id__in=arxiv_ids, hidden=True).values_list("arxiv_id", flat=True))
    unknown = recently_unknown(arxiv_ids - set(by_arxiv) - known_hidden)
    quota = _FetchQuota(user)
    plan = ImportPlan()
    extra = [tag] if tag.strip() else []
    for item in items:
        if item.problem:
            report.not_understood.append((item.label, item.problem))
            continue
        paper = (by_arxiv.get(item.arxiv_id) if item.arxiv_id else None) or (by_doi.get(item.doi) if item.doi else None)
        tags = extra + item.tags  # the tag the person typed first: it survives the per-paper cap
        if paper is not None:
            report.matched.append((item.label, paper))
            plan.to_save.setdefault(paper.pk, (paper, []))[1].extend(tags)
            if item.note:
                plan.notes_by_paper.setdefault(paper.pk, item.note)
        elif item.arxiv_id and item.arxiv_id in known_hidden:
            report.not_understood.append((item.label, f"arXiv {item.arxiv_id} is not available here"))
        elif item.arxiv_id and item.arxiv_id in unknown:
            asked = unknown[item.arxiv_id]
            report.not_understood.append(
                (item.label, f"arXiv has no paper {item.arxiv_id} (asked {asked:%Y-%m-%d %H:%M} UTC)")
            )
        elif item.arxiv_id:
            refusal = quota.take(item.arxiv_id)
            if refusal:
                report.not_understood.append((item.label, refusal))
                continue
            report.fetching.append((item.label, item.arxiv_id))
            plan.to_fetch.setdefault(item.arxiv_id, []).extend(tags)
            if item.note:
                plan.notes_by_arxiv_id.setdefault(item.arxiv_id, item.note)
        else:
            report.not_understood.append((item.label, f"DOI {item.doi} is not in the catalogue and names no arXiv id"))
    return plan


class _FetchQuota:
    """A person's papers waiting for arXiv (imports and submissions) stay within ``ARXIV_FETCHES_PER_PERSON``."""

    def __init__(self, user: User) -> None:
        self.limit = settings.ARXIV_FETCHES_PER_PERSON
        self.waiting = set(
            PendingImport.objects.filter(user=user, status=PendingImport.Status.QUEUED).values_list(
                "arxiv_id", flat=True
            )
        )
        self.submissions = submissions_waiting(user)

    def take(self, arxiv_id: str) -> str:
        """Count ``arxiv_id`` as waiting; "" when it fits, else why not (for the report)."""
        if arxiv_id in self.waiting:
            return ""
        if len(self.waiting) + self.submissions >= self.limit:
            return (
                f"arXiv {arxiv_id}: you have {self.limit} papers waiting for arXiv, the most one person can have; "
                "import again once they are in"
            )
        self.waiting.add(arxiv_id)
        return ""


def clean_import_tags(names: list[str], limit: int | None = TAGS_PER_PAPER) -> list[str]:
    """Usable tag names, once each in any case, at most 20 per paper (keyword lists can be long)."""
    cleaned: dict[str, str] = {}
    for name in names:
        try:
            usable = clean_tag_name(name)
        except TagError:
            continue
        cleaned.setdefault(usable.lower(), usable)
    return list(cleaned.values())[:limit]


def _chunks(items: list[_T], size: int = WRITE_CHUNK) -> Iterator[list[_T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _tags_for(user: User, names: list[str], report: ImportReport) -> dict[str, Tag]:
    """The person's tags for ``names`` by lower-case name; new ones created within the two caps.

    An import creates at most ``IMPORT_NEW_TAGS`` tags and a library holds at
    most ``TAGS_PER_PERSON``; names past either are left out, and the report says so.
    """
    tags = {tag.name.lower(): tag for tag in Tag.objects.filter(user=user)}
    new = [name for name in clean_import_tags(names, limit=None) if name.lower() not in tags]
    room = max(0, min(settings.IMPORT_NEW_TAGS, settings.TAGS_PER_PERSON - len(tags)))
    for chunk in _chunks(new[:room]):
        with transaction.atomic():
            Tag.objects.bulk_create([Tag(user=user, name=name) for name in chunk], ignore_conflicts=True)
    if room and new:
        lowered = {name.lower() for name in new[:room]}
        tags.update((tag.name.lower(), tag) for tag in Tag.objects.filter(user=user) if tag.name.lower() in lowered)
    if len(new) > room:
        report.warnings.append(_tags_left_out(new[room:], len(tags)))
    return tags


def _tags_left_out(names: list[str], have: int) -> str:
    shown = ", ".join(f"“{name}”" for name in names[:10]) + (" …" if len(names) > 10 else "")
    return (
        f"{len(names)} tag{'s' if len(names) != 1 else ''} not created: an import creates at most "
        f"{settings.IMPORT_NEW_TAGS} new tags, and a library holds at most {settings.TAGS_PER_PERSON} "
        f"(yours has {have}). Left out: {shown}."
    )


def _save_matched(
    user: User, to_save: dict[int, tuple[Paper, list[str]]], tags: dict[str, Tag], notes: dict[int, str]
) -> None:
    """Save the matched papers, then tag them: WRITE_CHUNK rows per transaction, every row built before it opens.

    An imported note goes only where the person has written none: an import never overwrites.
    """
    tag_ids = {
        paper_id: [tags[name.lower()].pk for name in clean_import_tags(names) if name.lower() in tags]
        for paper_id, (_, names) in to_save.items()
    }
    for chunk in _chunks(list(tag_ids.items())):
        rows = [SavedPaper(user=user, paper_id=paper_id, note=notes.get(paper_id, "")) for paper_id, _ in chunk]
        noted = [paper_id for paper_id, _ in chunk if paper_id in notes]
        with transaction.atomic():
            SavedPaper.objects.bulk_create(rows, ignore_conflicts=True)
            for paper_id in noted:  # saved before without a note
                SavedPaper.objects.filter(user=user, paper_id=paper_id, note="").update(note=notes[paper_id])
        saved_ids = dict(
            SavedPaper.objects.filter(user=user, paper_id__in=[paper_id for paper_id, _ in chunk]).values_list(
                "paper_id", "id"
            )
        )
        memberships = [
            TagMembership(tag_id=tag_id, saved_id=saved_ids[paper_id])
            for paper_id, ids in chunk
            if paper_id in saved_ids  # unsaved by its owner a moment ago
            for tag_id in ids
        ]
        for part in _chunks(memberships, WRITE_CHUNK * 4):
            with transaction.atomic():
                TagMembership.objects.bulk_create(part, ignore_conflicts=True)


def _queue_fetches(user: User, to_fetch: dict[str, list[str]], tags: dict[str, Tag], notes: dict[str, str]) -> None:
    """Record a PendingImport per missing id (again for one that failed before) and wake the worker.

    One task per IDS_PER_REQUEST new ids: each fetches a batch in one arXiv
    request, for everyone waiting for those ids.
    """
    queued: list[int] = []
    for chunk in _chunks(list(to_fetch.items())):
        ids = [arxiv_id for arxiv_id, _ in chunk]
        with transaction.atomic():
            PendingImport.objects.filter(user=user, arxiv_id__in=ids).exclude(
                status=PendingImport.Status.QUEUED
            ).delete()
            already = set(PendingImport.objects.filter(user=user, arxiv_id__in=ids).values_list("arxiv_id", flat=True))
            rows = [
                PendingImport(
                    user=user,
                    arxiv_id=arxiv_id,
                    tag_names=[name for name in clean_import_tags(names) if name.lower() in tags],
                    note=notes.get(arxiv_id, ""),
                )
                for arxiv_id, names in chunk
                if arxiv_id not in already
            ]
            PendingImport.objects.bulk_create(rows, ignore_conflicts=True)
            queued += PendingImport.objects.filter(
                user=user, arxiv_id__in=[row.arxiv_id for row in rows], status=PendingImport.Status.QUEUED
            ).values_list("pk", flat=True)
    for pending_id in sorted(queued)[::IDS_PER_REQUEST]:
        transaction.on_commit(lambda pk=pending_id: fetches_queued.send(sender=PendingImport, pending_id=pk))  # type: ignore[misc]


# --- the worker's half -------------------------------------------------------


def fetch_pending(pending_id: int) -> str:
    """Fetch the batch of missing papers ``pending_id`` is in (one arXiv request), then save them for everyone.

    The batch holds ``pending_id``'s id and up to IDS_PER_REQUEST - 1 more
    ids waiting, oldest first, of any person; a paper wanted by several
    people is fetched once. Ids arXiv does not have are remembered
    (``ingest.unknown_ids``), so importing them again does not ask again.
    """
    token, arxiv_ids = _claim_batch(pending_id)
    if not arxiv_ids:
        return f"import {pending_id}: nothing to do"
    papers = {paper.arxiv_id: paper for paper in Paper.objects.filter(arxiv_id__in=arxiv_ids)}
    missing = [arxiv_id for arxiv_id in arxiv_ids if arxiv_id not in papers]
    try:
        # Outside any transaction: it waits for arXiv's turn and answer.
        fetched, unknown = fetch_available(missing) if missing else ({}, [])
    except (ArxivUnavailable, ArxivNotFound):
        claimed = PendingImport.objects.filter(claim=token, status=PendingImport.Status.QUEUED)
        _finish(claimed, arxiv_ids, PendingImport.Status.UNAVAILABLE)
        return f"import batch of {len(arxiv_ids)} ids: arXiv unavailable"
    papers.update(fetched)
    _deliver(token, papers)
    # Everyone waiting for an id arXiv does not have hears so now, claimed or not.
    _finish(PendingImport.objects.filter(_free(token)), unknown, PendingImport.Status.FAILED)
    return f"import batch: {len(papers)} saved, {len(unknown)} not on arXiv ({len(missing)} asked)"


def _free(token: str = "") -> Q:
    """Rows waiting that no live batch has claimed (or that ``token``'s batch has)."""
    stale = timezone.now() - timedelta(seconds=CLAIM_SECONDS)
    free = Q(claim="") | Q(claimed_at__lt=stale) | (Q(claim=token) if token else Q(pk__in=[]))
    return Q(status=PendingImport.Status.QUEUED) & free


def _claim_batch(pending_id: int) -> tuple[str, list[str]]:
    """Take up to IDS_PER_REQUEST waiting ids (``pending_id``'s first) for this worker; other workers skip them."""
    token = secrets.token_hex(8)
    first = Case(When(pk=pending_id, then=Value(0)), default=Value(1))
    with transaction.atomic():
        # Rows a concurrent batch is claiming are skipped (PostgreSQL's row
        # locks); SQLite runs one claiming transaction at a time anyway.
        rows = list(
            PendingImport.objects.filter(_free())
            .select_for_update(skip_locked=True)
            .order_by(first, "requested_at", "id")
            .values_list("pk", "arxiv_id")[: IDS_PER_REQUEST * 4]
        )
        ids = list(dict.fromkeys(arxiv_id for _, arxiv_id in rows))[:IDS_PER_REQUEST]
        chosen = set(ids)
        mine = [pk for pk, arxiv_id in rows if arxiv_id in chosen]
        PendingImport.objects.filter(pk__in=mine).update(claim=token, claimed_at=timezone.now())
    return token, ids


def _deliver(token: str, papers: dict[str, Paper]) -> None:
    """Save each fetched paper for each person waiting for it, with the tags their import gave; mark them done."""
    # Everyone waiting for these papers, also rows no batch has taken yet (another person's import of the same id).
    rows = list(PendingImport.objects.filter(_free(token), arxiv_id__in=list(papers)))
    for chunk in _chunks(rows):
        with transaction.atomic():
            SavedPaper.objects.bulk_create(
                [SavedPaper(user_id=row.user_id, paper=papers[row.arxiv_id]) for row in chunk], ignore_conflicts=True
            )
            user_ids = {row.user_id for row in chunk}
            saved = {
                (user_id, paper_id): pk
                for pk, user_id, paper_id in SavedPaper.objects.filter(
                    user_id__in=user_ids, paper_id__in=[papers[row.arxiv_id].pk for row in chunk]
                ).values_list("pk", "user_id", "paper_id")
            }
            tags = {(tag.user_id, tag.name.lower()): tag for tag in Tag.objects.filter(user_id__in=user_ids)}
            TagMembership.objects.bulk_create(
                [
                    TagMembership(
                        tag=tags[(row.user_id, name.lower())], saved_id=saved[(row.user_id, papers[row.arxiv_id].pk)]
                    )
                    for row in chunk
                    for name in row.tag_names
                    if (row.user_id, name.lower()) in tags  # a tag deleted since the import is not made again
                ],
                ignore_conflicts=True,
            )
            for row in chunk:  # an imported note only where the person has written none
                if row.note:
                    key = (row.user_id, papers[row.arxiv_id].pk)
                    SavedPaper.objects.filter(pk=saved[key], note="").update(note=row.note)
            PendingImport.objects.filter(pk__in=[row.pk for row in chunk]).update(
                status=PendingImport.Status.DONE, finished_at=timezone.now()
            )


def _finish(waiting: QuerySet[PendingImport], arxiv_ids: list[str], status: str) -> None:
    for chunk in _chunks(arxiv_ids):
        waiting.filter(arxiv_id__in=chunk).update(status=status, finished_at=timezone.now())
