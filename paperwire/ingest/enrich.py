"""arXiv metadata for every paper: the query API asked by id, 100 ids a request.

Papers imported from Hugging Face (or another paperwire, or submitted while
arXiv was down) carry no categories, comments, journal reference, DOI,
licence or version date. The worker's periodic job (and ``paperwire enrich
run``) asks arXiv about them in batches of ``IDS_PER_REQUEST`` ids, one
request per ``PAPERWIRE_ARXIV_REQUEST_INTERVAL``:

1. papers never asked, those without categories first;
2. then papers asked more than ``PAPERWIRE_ARXIV_RECHECK_DAYS`` ago, so new
   versions, DOIs and journal references arrive (``PaperEvent``).

Each batch and its "asked" marker (``Paper.arxiv_checked_at``) commit in one
transaction, so a killed run resumes with the first batch it had not
finished, and a run with nothing due makes no request. An id arXiv does not
know is marked asked too (re-asked at the next re-check); an id that is not
an arXiv id at all is marked without asking. A batch arXiv rejects with its
error feed is split in halves until the culprit id is alone.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TextIO

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from tqdm import tqdm

from paperwire.ingest.arxiv_api import IDS_PER_REQUEST, ArxivNotFound, ArxivUnavailable, fetch_records
from paperwire.ingest.arxiv_metadata import store_answer
from paperwire.ingest.models import EnrichAttempt
from paperwire.lib.arxiv_ids import InvalidArxivId, parse_arxiv_id
from paperwire.papers.models import Paper
from paperwire.papers.records import PaperRecord

# Attempts per batch when arXiv is unavailable (5xx, 429, network, broken XML) before the run stops.
ATTEMPTS = 3


@dataclass
class EnrichResult:
    requests: int = 0
    batches: int = 0
    asked: int = 0
    found: int = 0
    updated: int = 0
    unknown: int = 0
    not_arxiv: int = 0
    events: int = 0
    # Why the run stopped early ("" when it ran out of due papers or reached its batch limit).
    error: str = ""

    def summary(self) -> str:
        line = (
            f"asked arXiv about {self.asked} papers in {self.requests} requests: "
            f"{self.found} found ({self.updated} updated), {self.unknown} unknown to arXiv, "
            f"{self.not_arxiv} not arXiv ids, {self.events} events"
        )
        return f"{line}; stopped: {self.error}" if self.error else line


@dataclass(frozen=True)
class EnrichStatus:
    papers: int
    with_categories: int
    never_asked: int
    unknown: int
    recheck_due: int

    @property
    def without_categories(self) -> int:
        return self.papers - self.with_categories

    def lines(self) -> list[str]:
        share = f" ({100 * self.with_categories / self.papers:.0f}%)" if self.papers else ""
        state = (
            f"on: the worker asks every {settings.ARXIV_ENRICH_INTERVAL_MINUTES} min, "
            f"at most {settings.ARXIV_ENRICH_BATCHES} batches of {IDS_PER_REQUEST} ids a run"
            if settings.ARXIV_ENRICH
            else "off (PAPERWIRE_ARXIV_ENRICH=0); `paperwire enrich run` still works"
        )
        return [
            f"papers: {self.papers}",
            f"with arXiv metadata (categories): {self.with_categories}{share}",
            f"without: {self.without_categories}",
            f"never asked arXiv: {self.never_asked}",
            f"asked, unknown to arXiv: {self.unknown}",
            f"due for a re-check: {self.recheck_due}",
            f"enrichment: {state}",
        ]


def _recheck_before(now: datetime) -> datetime | None:
    days = int(settings.ARXIV_RECHECK_DAYS)
    return now - timedelta(days=days) if days else None


def due_papers(now: datetime) -> QuerySet[Paper]:
    """Papers to ask arXiv about, in the order they are asked."""
    due = Q(arxiv_checked_at__isnull=True)
    cutoff = _recheck_before(now)
    if cutoff is not None:
        due |= Q(arxiv_checked_at__lt=cutoff)
    return Paper.objects.filter(due).order_by(F("arxiv_checked_at").asc(nulls_first=True), "primary_category", "pk")


def enrich_status(now: datetime | None = None) -> EnrichStatus:
    now = now or timezone.now()
    cutoff = _recheck_before(now)
    counts = Paper.objects.aggregate(
        papers=Count("pk"),
        with_categories=Count("pk", filter=~Q(primary_category="")),
        never_asked=Count("pk", filter=Q(arxiv_checked_at__isnull=True)),
        unknown=Count("pk", filter=Q(arxiv_checked_at__isnull=False, primary_category="")),
        recheck_due=Count("pk", filter=Q(arxiv_checked_at__lt=cutoff)) if cutoff else Count("pk", filter=Q(pk=None)),
    )
    return EnrichStatus(**counts)


def _fetch(ids: list[str], result: EnrichResult, attempts: int) -> list[PaperRecord]:
    """One batch, retried while arXiv is unavailable; raises ArxivUnavailable after ``attempts``."""
    for attempt in range(attempts):
        result.requests += 1
        try:
            return fetch_records(ids)
        except ArxivUnavailable:
            if attempt == attempts - 1:
                raise
            # arxiv_client.get already keeps one interval between requests; back off further.
            time.sleep(float(settings.ARXIV_REQUEST_INTERVAL) * 2**attempt)
    raise AssertionError("unreachable")


def _ask(ids: list[str], result: EnrichResult, attempts: int) -> list[PaperRecord]:
    """arXiv's records for ``ids``; an id arXiv's error feed rejects on its own yields nothing."""
    try:
        return _fetch(ids, result, attempts)
    except ArxivNotFound:
        if len(ids) == 1:
            return []
        middle = len(ids) // 2
        return _ask(ids[:middle], result, attempts) + _ask(ids[middle:], result, attempts)


def _canonical(arxiv_id: str) -> str | None:
    try:
        return parse_arxiv_id(arxiv_id).id
    except InvalidArxivId:
        return None


def enrich(
    *,
    max_batches: int | None = None,
    now: datetime | None = None,
    progress: bool = False,
    stderr: TextIO | None = None,
    after_batch: Callable[[EnrichResult], None] | None = None,
    attempts: int = ATTEMPTS,
) -> EnrichResult:
    """Ask arXiv about due papers, batch by batch, until none is due or ``max_batches`` batches are done."""
    started = now or timezone.now()
    result = EnrichResult()
    bar = None
    if progress:
        bar = tqdm(total=due_papers(started).count(), unit="paper", file=stderr or sys.stderr, mininterval=0.5)
    try:
        while max_batches is None or result.batches < max_batches:
            batch = list(due_papers(started).values_list("arxiv_id", flat=True)[:IDS_PER_REQUEST])
            if not batch:
                break
            ids = {stored: _canonical(stored) for stored in batch}
            asked = [canonical for canonical in ids.values() if canonical is not None]
            try:
                records = _ask(list(dict.fromkeys(asked)), result, attempts) if asked else []
            except ArxivUnavailable as exc:
                result.error = str(exc)
                break
            with transaction.atomic():
                stored = store_answer(records, asked, timezone.now())
                not_arxiv = [stored_id for stored_id, canonical in ids.items() if canonical is None]
                # Stored ids that are not arXiv ids (or differ from their canonical form) are marked as they are.
                Paper.objects.filter(arxiv_id__in=batch).filter(
                    Q(arxiv_checked_at__isnull=True) | Q(arxiv_checked_at__lt=started)
                ).update(arxiv_checked_at=timezone.now())
            found = {record.arxiv_id for record in records}
            result.batches += 1
            result.asked += len(batch)
            result.found += len(found)
            result.unknown += len([canonical for canonical in asked if canonical not in found])
            result.not_arxiv += len(not_arxiv)
            result.updated += stored.result.updated
            result.events += stored.events
            if bar is not None:
                bar.update(len(batch))
            if after_batch is not None:
                after_batch(result)
    finally:
        if bar is not None:
            bar.close()
    _record_attempt(result)
    return result


def _record_attempt(result: EnrichResult) -> None:
    """Remember how a run that asked arXiv ended; a run with nothing due leaves the last outcome."""
    if result.requests == 0 and not result.error:
        return
    EnrichAttempt.objects.update_or_create(
        pk=1,
        defaults={
            "finished_at": timezone.now(),
            "asked": result.asked,
            "found": result.found,
            "error": result.error[:2000],
        },
    )


def last_attempt_report() -> str | None:
    """The outcome and time of the last run that asked arXiv, as a clause for a sentence; None before any."""
    attempt = EnrichAttempt.objects.filter(pk=1).first()
    if attempt is None:
        return None
    when = f"{attempt.finished_at.astimezone(UTC):%H:%M} UTC on {attempt.finished_at.astimezone(UTC):%-d %B %Y}"
    if attempt.error:
        return f"the last attempt to reach arXiv, at {when}, failed ({attempt.error}); the worker tries again"
    return f"enrichment from arXiv last ran at {when} and found {attempt.found:,} of {attempt.asked:,} papers asked"


def enrich_periodically() -> EnrichResult | None:
    """The worker's job: one bounded run; None when enrichment is off.

    One attempt per batch: when arXiv is down the worker moves on to other
    tasks at once, and the next run (``PAPERWIRE_ARXIV_ENRICH_INTERVAL``)
    resumes where this one stopped.
    """
    if not settings.ARXIV_ENRICH:
        return None
    return enrich(max_batches=int(settings.ARXIV_ENRICH_BATCHES), attempts=1)
