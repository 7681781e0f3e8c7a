"""The periodic arXiv harvest: new and changed papers of the configured OAI sets.

Opt-in: ``PAPERWIRE_ARXIV_HARVEST_SETS=cs,stat`` makes the worker harvest
those sets every 6 hours, from two days back (OAI datestamps lag behind
announcements; re-reading a day costs nothing since imports are idempotent).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from paperwire.ingest.oai import harvest_key, harvest_oai
from paperwire.ingest.runner import Counts, ImportRun

LOOKBACK = timedelta(days=2)
EVERY = timedelta(hours=6)


def harvest_recent(now: datetime | None = None) -> Counts | None:
    """Harvest every configured set since ``now - LOOKBACK``; None when no set is configured."""
    sets: list[str] = list(settings.ARXIV_HARVEST_SETS)
    if not sets:
        return None
    date_from = ((now or timezone.now()) - LOOKBACK).date().isoformat()
    totals = Counts()
    for set_spec in sets:
        # One checkpoint per set; a new ``from`` date (signature) replaces a stale one.
        run = ImportRun("oai", f"{harvest_key(None, None, set_spec)}|periodic", signature=date_from, quiet=True)
        totals.add(harvest_oai(run, date_from, None, set_spec))
    return totals
