"""The catalogue's one hook: ``papers_changed``, sent when papers were written in bulk.

Importers (ingest) write papers in bulk, without ``post_save``, and sit
below search in the layering, so they cannot ask search to index what they
imported. Instead they announce that papers changed, and whoever cares —
the papers app itself for its author index, search for its indexes —
subscribes in its ``AppConfig.ready``::

    papers_changed.connect(index_changed_papers, dispatch_uid="search.index_changed_papers")

When it is sent
    After a transaction that added or updated papers has **committed**
    (never for a rolled-back batch): :class:`~paperwire.ingest.runner.ImportRun`
    announces at most once every ``CHANGE_NOTICE_EVERY_SECONDS`` during a
    long import and once more when the import finishes; the arXiv-by-id
    fetch announces after each stored chunk. Unchanged records announce
    nothing.

What receivers get
    ``sender`` is :class:`~paperwire.papers.models.Paper` and there are no
    other arguments: the signal says "some papers changed", not which ones,
    so receivers look for the work themselves (search embeds every paper
    without a vector). Receivers run in the importing process, right after
    the commit, so they should only queue work; an exception propagates to
    the importer, as any ``on_commit`` callback's would.

Today's receivers: ``paperwire.papers.tasks.queue_author_index_sync`` and
``paperwire.search.receivers.index_changed_papers``.
"""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

from paperwire.papers.models import Paper

papers_changed = Signal()


def announce_papers_changed() -> None:
    """Send :data:`papers_changed` when the current transaction commits (at once outside one)."""
    transaction.on_commit(_send_papers_changed)


def _send_papers_changed() -> None:
    papers_changed.send(sender=Paper)
