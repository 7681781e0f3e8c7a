"""Work classes: which queued work a worker takes first.

Three classes, each its own queue, taken strictly in this order by every
worker on either backend:

* ``urgent``: account email (sign-up confirmations, password resets), which
  a person is waiting for with the confirm page open;
* ``interactive``: what a person just asked for (a submission, an import's
  fetches);
* ``bulk``: everything else (embedding, title keys, the author index,
  enrichment, following upstreams, digest sends, index maintenance).

A worker looks at ``urgent`` before every task it starts, so urgent work
waits at most for the one task a worker is running. Bulk work therefore
works in slices of about ``PAPERWIRE_JOB_SLICE_SECONDS`` and queues the
rest as a new task (:func:`paperwire.ops.slices.continue_later`): a long
embedding run is a chain of short tasks, each of which an urgent one can
overtake.

On Redis (rq) the classes are rq queues, which an rq worker takes in the
order it was given them. The database backend (django-tasks-db) claims from
one queue at a time in the same order. ``default`` comes last: tasks queued
before an upgrade, or by code that names no class, are still run.
"""

from __future__ import annotations

from enum import StrEnum


class WorkClass(StrEnum):
    URGENT = "urgent"
    INTERACTIVE = "interactive"
    BULK = "bulk"


# django-tasks' own default queue name: whatever was queued without a class.
LEGACY_QUEUE = "default"
QUEUES_IN_ORDER: tuple[str, ...] = (WorkClass.URGENT, WorkClass.INTERACTIVE, WorkClass.BULK, LEGACY_QUEUE)
