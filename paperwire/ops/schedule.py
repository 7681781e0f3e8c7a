"""Periodic jobs as due occurrences that exactly one worker claims.

An app registers a job once (in its ``AppConfig.ready``)::

    register_periodic("digests.send_due", every=timedelta(minutes=5), task=send_due_digests_task)

Each worker calls :func:`run_due_jobs` on every loop. For every job it
computes the current occurrence (the start of the current ``every``
interval) and tries to insert a ``JobOccurrence`` row; the unique constraint
lets exactly one worker win, on any number of machines, and only the winner
enqueues the task.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from paperwire.ops.models import JobOccurrence

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: timedelta
    task: Any  # a django_tasks Task; enqueue() is called with no arguments


_JOBS: dict[str, PeriodicJob] = {}


def register_periodic(name: str, *, every: timedelta, task: Any) -> None:
    if every.total_seconds() < 1:
        raise ValueError("a periodic job must run at most once a second")
    _JOBS[name] = PeriodicJob(name, every, task)


def registered_jobs() -> list[PeriodicJob]:
    return sorted(_JOBS.values(), key=lambda job: job.name)


def occurrence_for(job: PeriodicJob, now: datetime) -> datetime:
    step = int(job.every.total_seconds())
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % step, tz=UTC)


def run_due_jobs(now: datetime | None = None) -> list[str]:
    """Claim and enqueue every job whose current occurrence nobody has claimed yet."""
    now = now or timezone.now()
    started: list[str] = []
    for job in registered_jobs():
        due_at = occurrence_for(job, now)
        try:
            with transaction.atomic():
                JobOccurrence.objects.create(job=job.name, due_at=due_at)
                # Enqueued inside the claim: if enqueueing fails the claim
                # rolls back and another worker (or the next loop) retries.
                job.task.enqueue()
        except IntegrityError:
            continue
        started.append(job.name)
        logger.info("periodic job %s claimed for %s", job.name, due_at.isoformat())
    return started
