"""Slices: how long one bulk task may work before it queues the rest of its work as a new task.

A worker looks for urgent work only between tasks (paperwire/ops/work_classes.py),
so a bulk job that walks the whole catalogue, embeds thousands of papers or
sends thousands of digests works for one slice and hands the remainder to a
fresh task at the back of the bulk queue. The job's domain function takes a
deadline and says where it stopped; its task passes that on.
"""

from __future__ import annotations

import time

from django.conf import settings


def slice_seconds() -> float:
    """``PAPERWIRE_JOB_SLICE_SECONDS``: a bulk task's share of the worker before it yields."""
    return float(settings.JOB_SLICE_SECONDS)


def slice_deadline() -> float:
    """The ``time.monotonic()`` at which a bulk task that starts now should stop and queue the rest."""
    return time.monotonic() + slice_seconds()


def past(deadline: float | None) -> bool:
    """Whether ``deadline`` (None: no deadline) has passed."""
    return deadline is not None and time.monotonic() >= deadline
