"""Storing what the arXiv query API answered about papers: metadata, the "asked" marker, events.

Both the enrichment job (``enrich.py``) and single-paper fetches
(``arxiv_api.fetch_and_store``) end here, so a paper is "checked" the same
way whoever asked. The rules:

- The answer goes through ``upsert_papers`` like any import (arXiv's record
  is versioned, so it replaces older metadata; list entries and votes stay).
- Every id that was asked is marked ``arxiv_checked_at = now``, found or not:
  an unknown id is not asked again until the next re-check, and a finished
  enrichment batch is never repeated after a kill.
- ``arxiv_version_date`` is the date arXiv gives for the latest version.
- A paper whose arXiv metadata was known before (asked before, or imported
  with categories from arXiv) gets a ``PaperEvent`` when arXiv reports a
  newer version, a new DOI or a new journal reference. A paper seen for the
  first time gets none: learning a DOI that was always there is not news.

The caller owns the transaction: one batch, one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from paperwire.papers.changes import announce_papers_changed
from paperwire.papers.models import Paper, PaperEvent
from paperwire.papers.records import PaperRecord
from paperwire.papers.writes import UpsertResult, upsert_papers


@dataclass
class StoredAnswer:
    result: UpsertResult
    events: int = 0


def _known(paper: Paper) -> bool:
    return paper.arxiv_checked_at is not None or bool(paper.primary_category)


def _events(before: dict[str, tuple[int, str, str]], papers: dict[str, Paper]) -> list[PaperEvent]:
    events: list[PaperEvent] = []
    for arxiv_id, (version, doi, journal_ref) in before.items():
        paper = papers.get(arxiv_id)
        if paper is None:
            continue
        if paper.version > version:
            events.append(
                PaperEvent(
                    paper=paper,
                    kind=PaperEvent.Kind.NEW_VERSION,
                    old_value=f"v{version}",
                    new_value=f"v{paper.version}",
                )
            )
        if paper.doi and paper.doi != doi:
            events.append(PaperEvent(paper=paper, kind=PaperEvent.Kind.DOI, old_value=doi, new_value=paper.doi))
        if paper.journal_ref and paper.journal_ref != journal_ref:
            events.append(
                PaperEvent(
                    paper=paper, kind=PaperEvent.Kind.JOURNAL_REF, old_value=journal_ref, new_value=paper.journal_ref
                )
            )
    return events


def store_answer(records: list[PaperRecord], asked: Iterable[str], now: datetime) -> StoredAnswer:
    """Upsert arXiv's ``records``, mark every ``asked`` id checked at ``now``, record events."""
    asked_ids = list(dict.fromkeys(asked))
    found = [record.arxiv_id for record in records]
    before = {
        paper.arxiv_id: (paper.version, paper.doi, paper.journal_ref)
        for paper in Paper.objects.filter(arxiv_id__in=found).only(
            "arxiv_id", "version", "doi", "journal_ref", "arxiv_checked_at", "primary_category"
        )
        if _known(paper)
    }
    result = upsert_papers(records)
    if result.added or result.updated:
        announce_papers_changed()
    papers = result.papers or {}
    events = _events(before, papers)
    if events:
        PaperEvent.objects.bulk_create(events)
    # One UPDATE for the marker; the version date differs per paper, so those go by bulk_update.
    Paper.objects.filter(arxiv_id__in=asked_ids).update(arxiv_checked_at=now)
    dated: list[Paper] = []
    for record in records:
        paper = papers.get(record.arxiv_id)
        version_date = record.meta.get("updated")
        if paper is not None and version_date is not None and paper.arxiv_version_date != version_date:
            paper.arxiv_version_date = version_date
            dated.append(paper)
    if dated:
        Paper.objects.bulk_update(dated, ["arxiv_version_date"], batch_size=200)
    marked = set(asked_ids)
    for paper in papers.values():
        if paper.arxiv_id in marked:
            paper.arxiv_checked_at = now
    return StoredAnswer(result=result, events=len(events))
