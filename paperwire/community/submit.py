"""Submitting an arXiv paper to today's daily list.

Rules (settings): first published at most SUBMIT_MAX_AGE_DAYS ago, one daily
list per paper (DailyEntry is one-to-one), at most SUBMIT_DAILY_LIMIT
submissions per person per UTC day. Metadata comes from the arXiv importer.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from paperwire.ingest.arxiv_api import ArxivNotFound, ArxivUnavailable, fetch_paper
from paperwire.lib.arxiv_ids import InvalidArxivId, parse_arxiv_id
from paperwire.papers.models import DailyEntry, Paper


class SubmitError(ValueError):
    """The submission was refused; the message says why, for the person."""

    def __init__(self, message: str, *, paper: Paper | None = None) -> None:
        super().__init__(message)
        self.paper = paper


def submissions_today(user: Any, today: date) -> int:
    return DailyEntry.objects.filter(submitter=user, list_date=today, source="local").count()


def submit_paper(user: Any, text: str, *, now: datetime | None = None) -> Paper:
    """Put the paper named by ``text`` (id or URL) on today's list; raise SubmitError."""
    now = now or timezone.now()
    today = now.astimezone(UTC).date()
    try:
        arxiv_id = parse_arxiv_id(text).id
    except InvalidArxivId as exc:
        raise SubmitError(str(exc)) from None

    existing = Paper.objects.filter(arxiv_id=arxiv_id).select_related("daily_entry").first()
    if existing is not None and _entry_of(existing) is not None:
        raise _already_listed(existing)

    limit = settings.SUBMIT_DAILY_LIMIT
    if submissions_today(user, today) >= limit:
        raise SubmitError(
            f"You have already submitted {limit} paper{'s' if limit != 1 else ''} today, the daily limit. "
            "Please come back tomorrow (UTC)."
        )

    paper = _fetch(arxiv_id)
    max_age = settings.SUBMIT_MAX_AGE_DAYS
    if paper.published is not None and paper.published < now - timedelta(days=max_age):
        raise SubmitError(
            f"{paper.arxiv_id} was first published on {paper.published:%Y-%m-%d}, more than {max_age} days ago. "
            f"Only papers from the last {max_age} days can be submitted.",
            paper=paper,
        )
    try:
        with transaction.atomic():
            DailyEntry.objects.create(
                paper=paper, list_date=today, submitted_at=now, submitter=user, source="local"
            )
    except IntegrityError:  # someone else listed it a moment ago
        paper.refresh_from_db()
        raise _already_listed(paper) from None
    return paper


def _fetch(arxiv_id: str) -> Paper:
    try:
        return fetch_paper(arxiv_id)
    except ArxivNotFound:
        raise SubmitError(f"arXiv has no paper {arxiv_id}. Check the id and try again.") from None
    except ArxivUnavailable:
        raise SubmitError("arXiv cannot be reached right now. Please try again in a few minutes.") from None


def _entry_of(paper: Paper) -> DailyEntry | None:
    try:
        return paper.daily_entry
    except DailyEntry.DoesNotExist:
        return None


def _already_listed(paper: Paper) -> SubmitError:
    entry = _entry_of(paper)
    when = f" on the list of {entry.list_date:%Y-%m-%d}" if entry is not None else ""
    return SubmitError(f"{paper.arxiv_id} is already listed{when}.", paper=paper)
