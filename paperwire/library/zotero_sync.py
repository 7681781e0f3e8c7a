"""Keep a person's library in step with their Zotero library: connect, sync, disconnect.

A sync asks Zotero for what changed since the library version of the last
complete sync (``zotero.ZoteroClient``), then, one page of items per short
transaction (SQLite has one writer):

- each item that names an arXiv paper (its arXiv ID, URL, arXiv DOI or
  "arXiv: …" in Extra) is saved, with its Zotero tags and collection names
  as paperwire tags, through the import's own ``store_import``; papers
  paperwire lacks are handed to the worker's polite arXiv fetch queue, the
  imports' own, at most ``PAPERWIRE_ARXIV_FETCHES_PER_PERSON`` of a person's at a time;
- each item deleted (or moved to the trash) in Zotero is unsaved, but only
  where the sync made the save (``ZoteroItem.saved_by_zotero``): a paper the
  person saved on paperwire stays saved.

Saves are For you's positives, read live, so the ranking follows the library
as soon as a sync commits. Zotero's ``Backoff`` and ``Retry-After`` become
``next_allowed_at``: no request for that library is sent before it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone

from paperwire.library.imports import MAX_FIELD, ImportPlan, ImportReport, arxiv_id_in, clean_import_tags, store_import
from paperwire.library.models import PendingImport, SavedPaper, ZoteroItem, ZoteroLink
from paperwire.library.zotero import Changes, ZoteroClient, ZoteroError, ZoteroRateLimited
from paperwire.papers.models import Paper

logger = logging.getLogger(__name__)

# Items of these types are children (notes, files, highlights), never papers.
CHILD_TYPES = frozenset({"note", "attachment", "annotation"})
# Fields that may name an arXiv paper, in the order they are trusted; long text is cut first (MAX_FIELD).
ID_FIELDS = ("archiveID", "DOI", "url", "extra", "archiveLocation", "number")
# Items per write transaction.
BATCH = 100
# A sync that has not finished after this long crashed: another may claim the link.
STALE_CLAIM = timedelta(hours=1)
MAX_LINKS_PER_PERSON = 5
# A person's arXiv fetches waiting in the queue at once, as for one file import.


# Sent when a person asks for a sync (connecting, "Sync now"); the tasks module wakes the
# worker (connected in apps.py: tasks.py imports this module, so this module cannot import it).
sync_requested = Signal()


class ZoteroLinkError(ValueError):
    """A connection a person asked for cannot be made; the message says why."""


@dataclass
class Mapped:
    """One Zotero item read: its key, the arXiv paper it names and the tag names it carries."""

    key: str
    arxiv_id: str
    tags: list[str] = field(default_factory=list)


# --- connecting ---------------------------------------------------------------


def mask_key(api_key: str) -> str:
    """What pages, the admin and the export show of a key: its first four characters."""
    return f"{api_key[:4]}…" if api_key else ""


def connect(owner: User, library_type: str, library_id: str, api_key: str) -> ZoteroLink:
    """Store a library to sync (a new key replaces the old one); the first sync is queued at once."""
    library_id, api_key = library_id.strip(), api_key.strip()
    if library_type not in ZoteroLink.Kind.values:
        raise ZoteroLinkError("Choose your own library or a group library.")
    if not library_id.isdigit() or len(library_id) > 20:
        raise ZoteroLinkError("The library id is a number (zotero.org/settings/keys shows yours).")
    if not api_key.isalnum() or not 8 <= len(api_key) <= 64:
        raise ZoteroLinkError("Paste the API key Zotero created (letters and digits).")
    existing = ZoteroLink.objects.filter(owner=owner, library_type=library_type, library_id=library_id).first()
    if existing is None and ZoteroLink.objects.filter(owner=owner).count() >= MAX_LINKS_PER_PERSON:
        raise ZoteroLinkError(f"You can connect at most {MAX_LINKS_PER_PERSON} Zotero libraries.")
    link = existing or ZoteroLink(owner=owner, library_type=library_type, library_id=library_id)
    link.api_key, link.masked_key, link.enabled = api_key, mask_key(api_key), True
    link.last_error = ""
    link.save()
    queue_sync(link)
    return link


def queue_sync(link: ZoteroLink) -> None:
    """Ask the worker to sync ``link`` now (after the commit), not at the next scheduled round."""
    transaction.on_commit(lambda: sync_requested.send(sender=ZoteroLink, link_id=link.pk))


def disconnect(link: ZoteroLink) -> None:
    """Forget the library and its key; papers it saved stay saved (they are the person's now)."""
    link.delete()


# --- reading items ------------------------------------------------------------


def item_arxiv_id(data: dict[str, Any]) -> str | None:
    for name in ID_FIELDS:
        value = data.get(name)
        if isinstance(value, str) and value.strip():
            for line in value[:MAX_FIELD].splitlines():
                found = arxiv_id_in(line)
                if found:
                    return found
    return None


def read_items(rows: list[dict[str, Any]], collections: dict[str, str]) -> tuple[list[Mapped], list[str]]:
    """The arXiv items of a page, and the keys of items moved to the trash (treated as deleted)."""
    mapped: list[Mapped] = []
    trashed: list[str] = []
    for row in rows:
        data = row.get("data")
        if not isinstance(data, dict) or data.get("itemType") in CHILD_TYPES or not isinstance(row.get("key"), str):
            continue
        if data.get("deleted"):
            trashed.append(row["key"])
            continue
        arxiv_id = item_arxiv_id(data)
        if arxiv_id is None:
            continue
        tags = [str(tag.get("tag", "")) for tag in data.get("tags", []) if isinstance(tag, dict)]
        tags += [collections[key] for key in data.get("collections", []) if key in collections]
        mapped.append(Mapped(key=row["key"], arxiv_id=arxiv_id, tags=tags))
    return mapped, trashed


# --- applying -----------------------------------------------------------------


def _store_batch(link: ZoteroLink, items: list[Mapped]) -> None:
    """Save one batch's known papers, record each item and where its save came from, in one transaction.

    Papers paperwire lacks are not fetched here: their items wait, and
    ``queue_waiting`` hands them to the import's fetch queue a few at a time.
    """
    owner = link.owner
    ids = {item.arxiv_id for item in items}
    papers = {paper.arxiv_id: paper for paper in Paper.objects.visible().filter(arxiv_id__in=ids)}
    hidden = set(Paper.objects.filter(arxiv_id__in=ids, hidden=True).values_list("arxiv_id", flat=True))
    with transaction.atomic():
        saved_before = set(
            SavedPaper.objects.filter(user=owner, paper__arxiv_id__in=ids).values_list("paper__arxiv_id", flat=True)
        )
        ours = set(
            ZoteroItem.objects.filter(link__owner=owner, arxiv_id__in=ids, saved_by_zotero=True).values_list(
                "arxiv_id", flat=True
            )
        )
        to_save: dict[int, tuple[Paper, list[str]]] = {}
        for item in items:
            paper = papers.get(item.arxiv_id)
            if paper is not None:
                to_save.setdefault(paper.pk, (paper, []))[1].extend(item.tags)
        store_import(owner, ImportPlan(to_save=to_save), ImportReport(format="zotero"))
        known = dict(ZoteroItem.objects.filter(link=link, key__in=[i.key for i in items]).values_list("key", "pk"))
        for item in items:
            fields = {
                "arxiv_id": item.arxiv_id,
                "waiting": item.arxiv_id not in papers and item.arxiv_id not in hidden,
                "tag_names": clean_import_tags(item.tags),
            }
            if item.key in known:
                ZoteroItem.objects.filter(pk=known[item.key]).update(**fields)
            else:
                made_by_sync = item.arxiv_id in ours or item.arxiv_id not in saved_before
                ZoteroItem.objects.create(link=link, key=item.key, saved_by_zotero=made_by_sync, **fields)


def queue_waiting(link: ZoteroLink) -> int:
    """Hand waiting items to the import's arXiv fetch queue while the person has fewer than their quota there.

    A large library of papers paperwire lacks thus trickles into the queue
    (each later sync hands over more) instead of filling it for hours ahead
    of other people's imports and submissions.
    """
    owner = link.owner
    budget = (
        settings.ARXIV_FETCHES_PER_PERSON
        - PendingImport.objects.filter(user=owner, status=PendingImport.Status.QUEUED).count()
    )
    if budget <= 0:
        return 0
    with transaction.atomic():
        rows = list(ZoteroItem.objects.filter(link=link, waiting=True).order_by("pk")[:budget])
        papers = {p.arxiv_id: p for p in Paper.objects.visible().filter(arxiv_id__in=[row.arxiv_id for row in rows])}
        to_save: dict[int, tuple[Paper, list[str]]] = {}
        to_fetch: dict[str, list[str]] = {}
        for row in rows:
            paper = papers.get(row.arxiv_id)  # it may have arrived another way meanwhile
            if paper is not None:
                to_save.setdefault(paper.pk, (paper, []))[1].extend(row.tag_names)
            else:
                to_fetch.setdefault(row.arxiv_id, []).extend(row.tag_names)
        store_import(owner, ImportPlan(to_save=to_save, to_fetch=to_fetch), ImportReport(format="zotero"))
        ZoteroItem.objects.filter(pk__in=[row.pk for row in rows]).update(waiting=False)
    return len(rows)


def _remove(link: ZoteroLink, keys: list[str]) -> int:
    """Forget deleted items; unsave their papers where the sync made the save and no other item names them."""
    removed = 0
    for start in range(0, len(keys), BATCH):
        with transaction.atomic():
            rows = list(ZoteroItem.objects.filter(link=link, key__in=keys[start : start + BATCH]))
            ZoteroItem.objects.filter(pk__in=[row.pk for row in rows]).delete()
            made = {row.arxiv_id for row in rows if row.saved_by_zotero}
            still_named = set(
                ZoteroItem.objects.filter(link__owner=link.owner, arxiv_id__in=made).values_list("arxiv_id", flat=True)
            )
            gone = made - still_named
            SavedPaper.objects.filter(user=link.owner, paper__arxiv_id__in=gone).delete()
            PendingImport.objects.filter(
                user=link.owner, arxiv_id__in=gone, status=PendingImport.Status.QUEUED
            ).delete()
            removed += len(rows)
    return removed


def apply_changes(link: ZoteroLink, changes: Changes, collections: dict[str, str]) -> int:
    """Apply what Zotero reported; the number of arXiv items saved or removed."""
    deleted = list(changes.deleted)
    count = 0
    for start in range(0, len(changes.items), BATCH):
        mapped, trashed = read_items(changes.items[start : start + BATCH], collections)
        deleted += trashed
        if mapped:
            _store_batch(link, mapped)
        count += len(mapped)
    return count + _remove(link, deleted)


# --- syncing ------------------------------------------------------------------


def _claim(link_id: int, now: datetime) -> ZoteroLink | None:
    """Mark the link as being synced by us, unless it is disabled, already syncing or told to wait."""
    free = Q(syncing_since__isnull=True) | Q(syncing_since__lt=now - STALE_CLAIM)
    allowed = Q(next_allowed_at__isnull=True) | Q(next_allowed_at__lte=now)
    claimed = ZoteroLink.objects.filter(free, allowed, pk=link_id, enabled=True).update(syncing_since=now)
    return ZoteroLink.objects.select_related("owner").get(pk=link_id) if claimed else None


def _finish(link: ZoteroLink, now: datetime, outcome: str, **fields: Any) -> None:
    backoff = float(fields.pop("wait_seconds", 0.0))
    ZoteroLink.objects.filter(pk=link.pk).update(
        syncing_since=None,
        last_sync_at=now,
        last_outcome=outcome,
        next_allowed_at=now + timedelta(seconds=backoff) if backoff else None,
        **fields,
    )


def sync_link(link_id: int, now: datetime | None = None) -> str:
    """One sync of one library; returns a line for the worker's log (never the key)."""
    now = now or timezone.now()
    link = _claim(link_id, now)
    if link is None:
        return f"zotero link {link_id}: not due (syncing, waiting for Zotero, or disabled)"
    client = ZoteroClient(link.prefix, link.api_key)
    try:
        changes = client.changes_since(link.library_version)
        if changes is None:
            _finish(link, now, ZoteroLink.Outcome.UNCHANGED, last_error="", last_changes=0, wait_seconds=client.backoff)
            queue_waiting(link)
            return f"zotero link {link_id}: unchanged at version {link.library_version}"
        wants_names = any(row.get("data", {}).get("collections") for row in changes.items if isinstance(row, dict))
        names = client.collection_names() if wants_names else {}
        count = apply_changes(link, changes, names)
    except ZoteroRateLimited as exc:
        _finish(link, now, ZoteroLink.Outcome.WAITING, last_error=exc.message, wait_seconds=exc.wait_seconds)
        return f"zotero link {link_id}: {exc.message} waiting {exc.wait_seconds:g}s"
    except ZoteroError as exc:
        _finish(link, now, ZoteroLink.Outcome.FAILED, last_error=exc.message, wait_seconds=client.backoff)
        logger.warning("zotero link %s (key %s): %s", link_id, link.masked_key, exc.message)
        return f"zotero link {link_id}: {exc.message}"
    _finish(
        link,
        now,
        ZoteroLink.Outcome.SYNCED,
        last_error="",
        last_changes=count,
        library_version=changes.version,
        wait_seconds=client.backoff,
    )
    queue_waiting(link)
    return f"zotero link {link_id}: {count} items moved, now at version {changes.version}"


def sync_due_links(now: datetime | None = None) -> list[str]:
    """The scheduled round: every enabled library that Zotero has not asked us to leave alone."""
    now = now or timezone.now()
    due = ZoteroLink.objects.filter(enabled=True).filter(Q(next_allowed_at__isnull=True) | Q(next_allowed_at__lte=now))
    return [sync_link(pk, now) for pk in due.order_by("last_sync_at", "pk").values_list("pk", flat=True)]
