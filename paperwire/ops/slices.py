"""Slices: how long one bulk task may work before it queues the rest of its work as a new task.

A worker looks for urgent work only between tasks (paperwire/ops/work_classes.py),
so a bulk job that walks the whole catalogue, embeds thousands of papers or
sends thousands of digests works for one slice and hands the remainder to a
fresh task at the back of the bulk queue. The job's domain function takes a
deadline and says where it stopped; its task passes that on.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

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


@dataclass(frozen=True)
class WalkState:
    """Where a sliced walk over changed rows stands: the change it started from, the last id it passed.

    ``since`` is fixed when the walk begins (the walk's own writes move the
    watermark it was read from); a task passes it on as JSON to the task
    that does the next slice.
    """

    since: datetime | None
    after: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"since": self.since.isoformat() if self.since is not None else None, "after": self.after}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> WalkState | None:
        if not data:
            return None
        since = datetime.fromisoformat(data["since"]) if data.get("since") else None
        return cls(since=since, after=int(data["after"]))
