"""Submitting an arXiv paper to today's daily list (or only to the catalogue).

Rules (settings): first published at most SUBMIT_MAX_AGE_DAYS ago, one daily
list per paper (DailyEntry is one-to-one), at most SUBMIT_DAILY_LIMIT
submissions per person per UTC day. Metadata comes from the arXiv importer.

A paper paperwire already has is listed at once. A new one needs arXiv, which
allows one request every few seconds: the request never waits for its turn
(ten people submitting at once would wait up to half a minute, and hold a web
thread each). It records a ``Submission`` and the worker fetches the paper
(``process_submission``); the person watches the submission's page. When
SUBMIT_QUEUE_LIMIT papers are already waiting, or arXiv was found unreachable
a moment ago, the request is refused with a time to come back
(``SubmitBusy``: HTTP 503 with Retry-After on every path).
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone

from paperwire.community.models import Submission, SubmissionStatus
from paperwire.ingest.arxiv_api import ArxivNotFound, ArxivUnavailable, fetch_paper
from paperwire.lib.arxiv_ids import InvalidArxivId, parse_arxiv_id
from paperwire.papers.models import DailyEntry, Paper

# After the worker finds arXiv unreachable, new requests are told to come back
# after this long instead of queueing fetches that would fail the same way.
OUTAGE_SECONDS = 60
UNAVAILABLE_MESSAGE = "arXiv cannot be reached right now. Please try again in a few minutes."


# Sent once a submission is queued and committed; the app's tasks module wakes the worker
# (connected in apps.py: tasks.py imports this module, so this module cannot import it).
submission_queued = Signal()


class SubmitError(ValueError):
    """The submission was refused; the message says why, for the person."""

    def __init__(self, message: str, *, paper: Paper | None = None) -> None:
        super().__init__(message)
        self.paper = paper


class SubmitBusy(SubmitError):
    """Not now: too many papers are waiting for arXiv, or arXiv is unreachable. Come back in ``retry_after`` s."""

    def __init__(self, message: str, *, retry_after: int, error: str) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.error = error


def submissions_today(user: Any, today: date) -> int:
    """Today's submissions by ``user``: listed ones and those still waiting for arXiv."""
    listed = DailyEntry.objects.filter(submitter=user, list_date=today, source="local").count()
    waiting = Submission.objects.filter(submitter=user, list_date=today, status=SubmissionStatus.QUEUED).count()
    return listed + waiting


def submissions_waiting(user: Any) -> int:
    """Papers ``user`` submitted that wait for the worker's arXiv fetch (imports count them against one quota)."""
    return Submission.objects.filter(submitter=user, status=SubmissionStatus.QUEUED).count()


def submit_paper(user: Any, text: str, *, now: datetime | None = None, to_list: bool = True) -> Paper | Submission:
    """Add the paper named by ``text`` (id or URL); raise SubmitError.

    With ``to_list`` it goes on today's list. A paper paperwire has is handled
    at once and returned; a new one is queued for the worker and its
    ``Submission`` returned.
    """
    now = now or timezone.now()
    today = now.astimezone(UTC).date()
    try:
        arxiv_id = parse_arxiv_id(text).id
    except InvalidArxivId as exc:
        raise SubmitError(str(exc)) from None

    existing = Paper.objects.filter(arxiv_id=arxiv_id).select_related("daily_entry").first()
    if existing is not None and not to_list:
        return existing
    if existing is not None and _entry_of(existing) is not None:
        raise _already_listed(existing)

    if to_list:
        limit = settings.SUBMIT_DAILY_LIMIT
        if submissions_today(user, today) >= limit:
            raise SubmitError(
                f"You have already submitted {limit} paper{'s' if limit != 1 else ''} today, the daily limit. "
                "Please come back tomorrow (UTC)."
            )
    if existing is not None:
        # Known paper: no arXiv call, listed now.
        _list(existing, user, today, now)
        return existing
    return _queue(user, arxiv_id, list_date=today if to_list else None, now=now)


def _queue(user: Any, arxiv_id: str, *, list_date: date | None, now: datetime) -> Submission:
    waiting = Submission.objects.filter(submitter=user, arxiv_id=arxiv_id, status=SubmissionStatus.QUEUED).first()
    if waiting is not None:  # submitted twice: one fetch, one page to watch
        return waiting
    outage_left = _outage_seconds_left(now)
    if outage_left:
        raise SubmitBusy(UNAVAILABLE_MESSAGE, retry_after=outage_left, error="upstream_unavailable")
    queued = Submission.objects.filter(status=SubmissionStatus.QUEUED).count()
    if queued >= settings.SUBMIT_QUEUE_LIMIT:
        # The worker takes one paper per arXiv interval.
        retry_after = max(5, math.ceil(queued * float(settings.ARXIV_REQUEST_INTERVAL)))
        raise SubmitBusy(
            f"{queued} papers are waiting for arXiv already. Please try again in {retry_after} seconds.",
            retry_after=retry_after,
            error="queue_full",
        )
    with transaction.atomic():
        submission = Submission.objects.create(submitter=user, arxiv_id=arxiv_id, list_date=list_date, requested_at=now)
        transaction.on_commit(lambda: submission_queued.send(sender=Submission, submission_id=submission.pk))
    return submission


def _outage_seconds_left(now: datetime) -> int:
    last = (
        Submission.objects.exclude(finished_at=None)
        .exclude(status=SubmissionStatus.QUEUED)
        .order_by("-finished_at")
        .only("status", "finished_at")
        .first()
    )
    if last is None or last.finished_at is None or last.status != SubmissionStatus.UNAVAILABLE:
        return 0
    left = (last.finished_at + timedelta(seconds=OUTAGE_SECONDS) - now).total_seconds()
    return math.ceil(left) if left > 0 else 0


def process_submission(submission_id: int) -> str:
    """The worker's part: fetch the paper from arXiv (in turn), then list it. Returns the outcome."""
    submission = Submission.objects.filter(pk=submission_id, status=SubmissionStatus.QUEUED).first()
    if submission is None:
        return "nothing to do"
    paper: Paper | None = None
    try:
        # Someone else's submission may have brought it in meanwhile: no second arXiv call.
        paper = Paper.objects.filter(arxiv_id=submission.arxiv_id).first() or fetch_paper(submission.arxiv_id)
        if submission.list_date is not None:
            _list(paper, submission.submitter, submission.list_date, submission.requested_at)
    except ArxivNotFound:
        _finish(submission, SubmissionStatus.REFUSED, f"arXiv has no paper {submission.arxiv_id}. Check the id.")
    except ArxivUnavailable:
        _finish(submission, SubmissionStatus.UNAVAILABLE, UNAVAILABLE_MESSAGE)
    except SubmitError as exc:
        _finish(submission, SubmissionStatus.REFUSED, str(exc), paper=exc.paper or paper)
    else:
        _finish(submission, SubmissionStatus.DONE, "", paper=paper)
    return f"{submission.arxiv_id}: {submission.status}"


def _finish(submission: Submission, status: str, message: str, *, paper: Paper | None = None) -> None:
    submission.status = status
    submission.message = message
    submission.paper = paper
    submission.finished_at = timezone.now()
    submission.save(update_fields=["status", "message", "paper", "finished_at"])


def _list(paper: Paper, user: Any, list_date: date, now: datetime) -> None:
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
                paper=paper, list_date=list_date, submitted_at=now, submitter=user, source="local"
            )
    except IntegrityError:  # someone else listed it a moment ago
        paper.refresh_from_db()
        raise _already_listed(paper) from None


def _entry_of(paper: Paper) -> DailyEntry | None:
    try:
        return paper.daily_entry
    except DailyEntry.DoesNotExist:
        return None


def _already_listed(paper: Paper) -> SubmitError:
    entry = _entry_of(paper)
    when = f" on the list of {entry.list_date:%Y-%m-%d}" if entry is not None else ""
    return SubmitError(f"{paper.arxiv_id} is already listed{when}.", paper=paper)
