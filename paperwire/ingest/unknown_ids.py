"""Ids arXiv said it does not know, remembered for ``PAPERWIRE_ARXIV_UNKNOWN_HOURS``.

An import of the same bad bibliography again, or by a second person, is
answered from here instead of queueing arXiv requests that would fail the
same way. After the period the id is asked again (a paper may appear).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from paperwire.ingest.models import UnknownArxivId

# Rows written per transaction (a few milliseconds of SQLite's write lock each).
WRITE_CHUNK = 500


def _cutoff(now: datetime) -> datetime:
    return now - timedelta(hours=settings.ARXIV_UNKNOWN_HOURS)


def recently_unknown(arxiv_ids: Iterable[str], *, now: datetime | None = None) -> dict[str, datetime]:
    """Of ``arxiv_ids``, those arXiv said it does not know within the period, with when it said so."""
    ids = list(dict.fromkeys(arxiv_ids))
    found: dict[str, datetime] = {}
    cutoff = _cutoff(now or timezone.now())
    for start in range(0, len(ids), WRITE_CHUNK):
        rows = UnknownArxivId.objects.filter(arxiv_id__in=ids[start : start + WRITE_CHUNK], asked_at__gte=cutoff)
        found.update(rows.values_list("arxiv_id", "asked_at"))
    return found


def remember_unknown(arxiv_ids: Iterable[str], *, now: datetime | None = None) -> None:
    """Remember that arXiv just answered ``arxiv_ids`` without a paper; forget entries past the period."""
    now = now or timezone.now()
    ids = list(dict.fromkeys(arxiv_ids))
    for start in range(0, len(ids), WRITE_CHUNK):
        chunk = ids[start : start + WRITE_CHUNK]
        with transaction.atomic():
            UnknownArxivId.objects.filter(arxiv_id__in=chunk).update(asked_at=now)
            UnknownArxivId.objects.bulk_create(
                [UnknownArxivId(arxiv_id=arxiv_id, asked_at=now) for arxiv_id in chunk], ignore_conflicts=True
            )
    stale = list(UnknownArxivId.objects.filter(asked_at__lt=_cutoff(now)).values_list("pk", flat=True)[:WRITE_CHUNK])
    if stale:
        UnknownArxivId.objects.filter(pk__in=stale).delete()


def forget_unknown(arxiv_ids: Iterable[str]) -> None:
    """arXiv has these papers after all (they were just fetched): never answer them from memory."""
    UnknownArxivId.objects.filter(arxiv_id__in=list(arxiv_ids)).delete()
