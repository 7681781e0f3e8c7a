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
from dataclasses import dataclass, field
from typing import Any

import bibtexparser
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from paperwire.ingest.arxiv_api import ArxivNotFound, ArxivUnavailable, fetch_paper
from paperwire.lib.arxiv_ids import InvalidArxivId, parse_arxiv_id
from paperwire.lib.user_text import UserTextError, checked_text
from paperwire.library.models import PendingImport, SavedPaper, Tag, TagMembership
from paperwire.library.saving import clean_note, save_paper
from paperwire.library.tags import TagError, clean_tag_name, get_or_create_tag, tag_saved
from paperwire.papers.models import Paper

MAX_ENTRIES = 5000
# Characters: more than any request body the server reads (PAPERWIRE_MAX_UPLOAD_MB).
MAX_TEXT = 110_000_000
# Only this much of a field is searched for an id, URL, DOI or keywords: real
# ones are far shorter, and a pattern never runs over a pasted megabyte.
MAX_FIELD = 2000
# @string lets a small file name a large one (one 200 KB string used by 900
# entries); the fields as expanded may hold at most this many times the text.
MAX_EXPANSION = 2
# arXiv answers one request every few seconds: more than this would keep the
# worker's queue busy for an hour on one person's behalf.
MAX_FETCHES = 200
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

    @property
    def total(self) -> int:
        return len(self.matched) + len(self.fetching) + len(self.not_understood)


# --- reading ------------------------------------------------------------------


def _arxiv_id(text: str) -> str | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return parse_arxiv_id(text).id
    except InvalidArxivId:
        pass
    doi = _ARXIV_DOI.match(text)
    if doi:
        return _arxiv_id(doi.group("id"))
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
        item.arxiv_id = _arxiv_id(eprint)
    doi = _doi(fields.get("doi", ""))
    if doi and item.arxiv_id is None:
        item.arxiv_id = _arxiv_id(doi)
    if item.arxiv_id is None:
        for name in ("url", "note", "journal", "howpublished", "number", "publisher", "archive_location"):
            found = _arxiv_id(fields.get(name, "")) if fields.get(name) else None
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
        arxiv_id = _arxiv_id(line)
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
    arxiv_ids = {item.arxiv_id for item in items if item.arxiv_id}
    dois = {item.doi for item in items if item.doi}
    visible = Paper.objects.visible()
    by_arxiv = {paper.arxiv_id: paper for paper in visible.filter(arxiv_id__in=arxiv_ids)}
    by_doi = {
        paper.doi_lower: paper
        for paper in visible.annotate(doi_lower=Lower("doi")).filter(doi_lower__in=dois)  # type: ignore[attr-defined]
    }
    known_hidden = set(Paper.objects.filter(arxiv_id__in=arxiv_ids, hidden=True).values_list("arxiv_id", flat=True))

    to_save: dict[int, tuple[Paper, list[str]]] = {}
    to_fetch: dict[str, list[str]] = {}
    notes = ImportNotes()
    extra = [tag] if tag.strip() else []
    for item in items:
        if item.problem:
            report.not_understood.append((item.label, item.problem))
            continue
        paper = (by_arxiv.get(item.arxiv_id) if item.arxiv_id else None) or (by_doi.get(item.doi) if item.doi else None)
        tags = item.tags + extra
        if paper is not None:
            report.matched.append((item.label, paper))
            to_save.setdefault(paper.pk, (paper, []))[1].extend(tags)
            if item.note:
                notes.by_paper.setdefault(paper.pk, item.note)
        elif item.arxiv_id and item.arxiv_id in known_hidden:
            report.not_understood.append((item.label, f"arXiv {item.arxiv_id} is not available here"))
        elif item.arxiv_id:
            if item.arxiv_id not in to_fetch and len(to_fetch) >= MAX_FETCHES:
                report.not_understood.append(
                    (item.label, f"arXiv {item.arxiv_id}: over the limit of {MAX_FETCHES} fetches per import")
                )
                continue
            report.fetching.append((item.label, item.arxiv_id))
            to_fetch.setdefault(item.arxiv_id, []).extend(tags)
            if item.note:
                notes.by_arxiv_id.setdefault(item.arxiv_id, item.note)
        else:
            report.not_understood.append((item.label, f"DOI {item.doi} is not in the catalogue and names no arXiv id"))
    _store(user, to_save, to_fetch, notes)
    return report


def _clean_tags(names: list[str]) -> list[str]:
    """Usable tag names, once each in any case, at most 20 per paper (keyword lists can be long)."""
    cleaned: dict[str, str] = {}
    for name in names:
        try:
            usable = clean_tag_name(name)
        except TagError:
            continue
        cleaned.setdefault(usable.lower(), usable)
    return list(cleaned.values())[:20]


@dataclass
class ImportNotes:
    """Notes carried by the imported entries: for papers saved now, and for those fetched later."""

    by_paper: dict[int, str] = field(default_factory=dict)
    by_arxiv_id: dict[str, str] = field(default_factory=dict)


def _store_notes(user: User, by_paper: dict[int, str]) -> None:
    """Give saved papers the imported notes, where the person has written none: an import never overwrites."""
    rows = list(SavedPaper.objects.filter(user=user, paper_id__in=list(by_paper), note=""))
    for row in rows:
        row.note = by_paper[row.paper_id]
    SavedPaper.objects.bulk_update(rows, ["note"], batch_size=500)


def _store(
    user: User,
    to_save: dict[int, tuple[Paper, list[str]]],
    to_fetch: dict[str, list[str]],
    notes: ImportNotes,
) -> None:
    from paperwire.library.tasks import fetch_import_task

    with transaction.atomic():
        SavedPaper.objects.bulk_create(
            [SavedPaper(user=user, paper=paper) for paper, _ in to_save.values()], ignore_conflicts=True
        )
        saved_ids = dict(SavedPaper.objects.filter(user=user, paper_id__in=list(to_save)).values_list("paper_id", "id"))
        tags: dict[str, Tag] = {}  # one lookup per distinct name, not per paper
        memberships: list[TagMembership] = []
        for paper_id, (_, names) in to_save.items():
            for name in _clean_tags(names):
                tag = tags.get(name.lower()) or tags.setdefault(name.lower(), get_or_create_tag(user, name))
                memberships.append(TagMembership(tag=tag, saved_id=saved_ids[paper_id]))
        TagMembership.objects.bulk_create(memberships, ignore_conflicts=True)
        _store_notes(user, notes.by_paper)
        queued: list[int] = []
        for arxiv_id, names in to_fetch.items():
            note = notes.by_arxiv_id.get(arxiv_id, "")
            pending, created = PendingImport.objects.get_or_create(
                user=user, arxiv_id=arxiv_id, defaults={"tag_names": _clean_tags(names), "note": note}
            )
            if not created and pending.status != PendingImport.Status.QUEUED:
                pending.status = PendingImport.Status.QUEUED
                pending.tag_names = _clean_tags(names)
                pending.note = note
                pending.finished_at = None
                pending.save(update_fields=["status", "tag_names", "note", "finished_at"])
                created = True
            if created:
                queued.append(pending.pk)
        transaction.on_commit(lambda: [fetch_import_task.enqueue(pk) for pk in queued])


def fetch_pending(pending_id: int) -> str:
    """The worker's half: fetch one missing paper from arXiv, then save it with its tags."""
    pending = PendingImport.objects.filter(pk=pending_id, status=PendingImport.Status.QUEUED).first()
    if pending is None:
        return f"import {pending_id}: nothing to do"
    try:
        paper = fetch_paper(pending.arxiv_id)  # outside any transaction: it waits for arXiv
    except ArxivNotFound:
        status = PendingImport.Status.FAILED
    except ArxivUnavailable:
        status = PendingImport.Status.UNAVAILABLE
    else:
        status = PendingImport.Status.DONE
        with transaction.atomic():
            saved = save_paper(pending.user, paper)
            for name in pending.tag_names:
                tag_saved(get_or_create_tag(pending.user, name), saved)
            if pending.note and not saved.note:
                SavedPaper.objects.filter(pk=saved.pk).update(note=pending.note)
    PendingImport.objects.filter(pk=pending.pk).update(status=status, finished_at=timezone.now())
    return f"import {pending_id} ({pending.arxiv_id}): {status}"
