"""The loop every importer shares: batches, checkpoints, progress, the summary line.

An importer is a generator of ``Parsed`` / ``Rejected`` events, each saying
where in the input it ends. ``ImportRun.consume`` commits records in batches;
each batch and the position after it are one transaction, so a killed import
resumes from the last committed position, and no record is ever half written.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from django.db import transaction
from tqdm import tqdm

from paperwire.ingest.models import ImportCheckpoint
from paperwire.papers.changes import announce_papers_changed
from paperwire.papers.records import PaperRecord
from paperwire.papers.writes import UpsertResult, upsert_papers

# At most one ``papers_changed`` announcement per this many seconds during a
# long import (search queues an indexing task for each one).
CHANGE_NOTICE_EVERY_SECONDS = 30.0


@dataclass(frozen=True)
class Position:
    cursor_file: str = ""
    position: int = 0
    byte_offset: int = 0
    token: str = ""


@dataclass
class Parsed:
    record: PaperRecord
    after: Position


@dataclass
class Rejected:
    origin: str
    message: str
    after: Position


@dataclass
class Counts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0

    def summary(self) -> str:
        return f"added {self.added}, updated {self.updated}, unchanged {self.unchanged}, rejected {self.rejected}"

    def add(self, other: Counts | UpsertResult) -> None:
        """Add the outcomes of a batch (an upsert's) or of another run."""
        self.added += other.added
        self.updated += other.updated
        self.unchanged += other.unchanged
        if isinstance(other, Counts):
            self.rejected += other.rejected


class ChangeNotices:
    """``papers_changed`` during a long import: at most one per ``CHANGE_NOTICE_EVERY_SECONDS``, one more at its end."""

    def __init__(self) -> None:
        self.pending = False
        self._last = 0.0

    def batch_written(self, changed: bool) -> None:
        """A batch that ``changed`` papers or not is written (call inside its transaction)."""
        self.pending = self.pending or changed
        if self.pending and time.monotonic() - self._last > CHANGE_NOTICE_EVERY_SECONDS:
            announce_papers_changed()
            self.pending = False
            self._last = time.monotonic()

    def finish(self) -> None:
        """The import ends: announce the changes not announced yet."""
        if self.pending:
            announce_papers_changed()
            self.pending = False


class ImportRun:
    """One run of one importer over one input."""

    def __init__(
        self,
        source: str,
        key: str,
        *,
        signature: str = "",
        batch_size: int = 1000,
        quiet: bool = False,
        stderr: TextIO | None = None,
    ) -> None:
        self.source = source
        self.key = key[:500]
        self.signature = signature[:200]
        self.batch_size = batch_size
        self.quiet = quiet
        self.stderr = stderr or sys.stderr
        self.counts = Counts()
        self._pending: list[PaperRecord] = []
        self._notices = ChangeNotices()
        self.progress = tqdm(
            disable=quiet or not self.stderr.isatty(),
            file=self.stderr,
            unit=" papers",
            dynamic_ncols=True,
            leave=False,
        )

    # --- checkpoints ------------------------------------------------------

    def resume_point(self) -> Position | None:
        """Where a previous, unfinished run of the same input stopped (None: start over)."""
        checkpoint = ImportCheckpoint.objects.filter(source=self.source, key=self.key).first()
        if checkpoint is None:
            return None
        if checkpoint.signature != self.signature:
            self.warn(f"{self.key}: the input changed since the interrupted import; starting from the beginning")
            checkpoint.delete()
            return None
        where = checkpoint.cursor_file or self.key
        self.warn(f"resuming an interrupted import at {where}, after {checkpoint.position}")
        return Position(checkpoint.cursor_file, checkpoint.position, checkpoint.byte_offset, checkpoint.token)

    def _save_position(self, after: Position) -> None:
        ImportCheckpoint.objects.update_or_create(
            source=self.source,
            key=self.key,
            defaults={
                "signature": self.signature,
                "cursor_file": after.cursor_file[:500],
                "position": after.position,
                "byte_offset": after.byte_offset,
                "token": after.token,
            },
        )

    # --- the loop ---------------------------------------------------------

    def warn(self, message: str) -> None:
        if self.progress.disable:
            self.stderr.write(message + "\n")
        else:
            self.progress.write(message, file=self.stderr)

    def reject(self, origin: str, message: str) -> None:
        self.counts.rejected += 1
        self.warn(f"rejected {origin}: {message}")

    def queue(self, records: list[PaperRecord]) -> None:
        """Add records to the next batch (flush() commits them)."""
        self._pending.extend(records)

    def consume(self, events: Iterable[Parsed | Rejected]) -> Counts:
        last: Position | None = None
        for event in events:
            last = event.after
            if isinstance(event, Rejected):
                self.reject(event.origin, event.message)
                continue
            self._pending.append(event.record)
            if len(self._pending) >= self.batch_size:
                self.flush(last)
        if last is not None:
            self.flush(last)
        return self.counts

    def flush(self, after: Position, *, final: bool = False) -> None:
        """Commit pending records together with ``after`` as the new checkpoint."""
        batch, self._pending = self._pending, []
        with transaction.atomic():
            result = upsert_papers(batch)
            self._save_position(after)
            self._notices.batch_written(bool(result.added or result.updated))
        self.counts.add(result)
        self.progress.update(len(batch))

    def finish(self) -> Counts:
        """The input was read to its end: forget the checkpoint, announce what changed."""
        with transaction.atomic():
            ImportCheckpoint.objects.filter(source=self.source, key=self.key).delete()
            self._notices.finish()
        self.progress.close()
        return self.counts
