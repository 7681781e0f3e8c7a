"""Organizations that Hugging Face lists papers under, and their papers.

Hugging Face sends an ``organization`` object with some daily items (at the
top level of the item, or inside its ``paper``): ``name`` (the handle, e.g.
``nvidia``), ``fullname`` and ``avatar``. The raw items stay as they came in
``SourceRecord``; this module keeps an index of them (``Organization`` and
one ``PaperOrganization`` per paper) so that an organization's page and its
feed are an index lookup. The index is rebuilt from the items at will, like
the author index, and follows imports through ``papers_changed``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet, Sum

from paperwire.lib.http_urls import http_url
from paperwire.papers.models import Organization, Paper, PaperOrganization, SourceRecord
from paperwire.papers.querysets import PaperQuerySet, on_visible_papers
from paperwire.papers.source_records import HF_ITEM_SOURCES

# HF handles are letters, digits, "-", "_" and "."; anything else is not an address we serve.
_HANDLE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_BATCH = 500
# Records fetched in the same second as the newest indexed one are looked at again.
_SYNC_OVERLAP = timedelta(seconds=1)


@dataclass(frozen=True)
class OrganizationSeen:
    name: str
    fullname: str
    avatar: str


def organization_in(item: Any) -> OrganizationSeen | None:
    """The organization a Hugging Face daily item names, if it names a usable one."""
    if not isinstance(item, dict):
        return None
    paper = item.get("paper")
    found = item.get("organization") or (paper.get("organization") if isinstance(paper, dict) else None)
    if not isinstance(found, dict):
        return None
    name = found.get("name")
    if not isinstance(name, str) or not _HANDLE.fullmatch(name):
        return None
    fullname = found.get("fullname")
    return OrganizationSeen(
        name=name,
        fullname=fullname.strip()[:300] if isinstance(fullname, str) else "",
        avatar=http_url(found.get("avatar")),
    )


def _organization_rows(seen: Iterable[OrganizationSeen]) -> dict[str, int]:
    """The primary key of each organization seen, creating or refreshing rows in bulk (the last sighting wins)."""
    latest = {found.name: found for found in seen}
    existing = {row.name: row for row in Organization.objects.filter(name__in=list(latest))}
    changed = []
    for name, found in latest.items():
        row = existing.get(name)
        if row is None:
            continue
        if (row.fullname, row.avatar) != (found.fullname, found.avatar):
            row.fullname, row.avatar = found.fullname, found.avatar
            changed.append(row)
    Organization.objects.bulk_update(changed, ["fullname", "avatar"])
    Organization.objects.bulk_create(
        [
            Organization(name=f.name, fullname=f.fullname, avatar=f.avatar)
            for n, f in latest.items()
            if n not in existing
        ],
        ignore_conflicts=True,
    )
    return dict(Organization.objects.filter(name__in=list(latest)).values_list("name", "pk"))


def index_organizations(records: Iterable[tuple[int, Any, datetime]]) -> int:
    """Rewrite the index rows of the papers whose latest items are ``(paper id, item, fetched_at)``."""
    latest: dict[int, tuple[OrganizationSeen | None, datetime]] = {}
    for paper_id, item, fetched_at in records:
        if paper_id not in latest or fetched_at >= latest[paper_id][1]:
            latest[paper_id] = (organization_in(item), fetched_at)
    if not latest:
        return 0
    with transaction.atomic():
        by_age = sorted(latest.values(), key=lambda pair: pair[1])
        keys = _organization_rows(seen for seen, _ in by_age if seen is not None)
        PaperOrganization.objects.filter(paper_id__in=list(latest)).delete()
        rows = [
            PaperOrganization(paper_id=paper_id, organization_id=keys[seen.name], record_fetched_at=fetched_at)
            for paper_id, (seen, fetched_at) in latest.items()
            if seen is not None and seen.name in keys
        ]
        PaperOrganization.objects.bulk_create(rows)
    return len(rows)


def sync_organization_index() -> int:
    """Index the Hugging Face items fetched since the newest indexed one (all of them the first time).

    Walks the records in slices of a few hundred by primary key, each slice its own short
    transaction, so an import of thousands of papers never holds the write lock for long.
    """
    newest = PaperOrganization.objects.aggregate(newest=Max("record_fetched_at"))["newest"]
    records = SourceRecord.objects.filter(HF_ITEM_SOURCES).order_by("pk")
    if newest is not None:
        records = records.filter(fetched_at__gte=newest - _SYNC_OVERLAP)
    written = 0
    last_pk = 0
    while True:
        batch = list(records.filter(pk__gt=last_pk).values_list("pk", "paper_id", "data", "fetched_at")[:_BATCH])
        if not batch:
            return written
        last_pk = batch[-1][0]
        written += index_organizations((paper_id, data, fetched_at) for _, paper_id, data, fetched_at in batch)


def organization_papers(name: str) -> PaperQuerySet:
    """The visible papers listed under the organization ``name``, with their list entries."""
    return Paper.objects.visible().with_entry().filter(organization_link__organization__name=name)


def organization_upvotes(name: str) -> int:
    """All upvotes of the organization's visible papers together."""
    total = organization_papers(name).aggregate(upvotes=Sum("upvote_count"))["upvotes"]
    return int(total or 0)


def organizations_by_papers() -> QuerySet[Organization]:
    """Every organization with visible papers, most papers first, each with ``paper_count``."""
    links = on_visible_papers(PaperOrganization.objects.all())
    return (
        Organization.objects.filter(pk__in=links.values("organization_id"))
        .annotate(paper_count=Count("paper_links", filter=Q(paper_links__paper__hidden=False)))
        .order_by("-paper_count", "name")
    )
