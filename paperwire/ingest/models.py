"""Where each import stopped, so that a killed import resumes instead of restarting.

A checkpoint row is written in the same transaction as the batch it
describes: after a crash the database holds either the batch and the new
position, or neither. Finished imports delete their row, so the next run
reads the source again from the start (and reports everything unchanged).
"""

from __future__ import annotations

from django.db import models


class ImportCheckpoint(models.Model):
    # "hf-daily", "snapshot", "oai" or "demo".
    source = models.CharField(max_length=32)
    # What is being imported: a resolved path, or the OAI base URL + arguments.
    key = models.CharField(max_length=500)
    # Identifies the exact input (size and mtime of a file); a different
    # signature means the input changed and the position is no longer valid.
    signature = models.CharField(max_length=200, blank=True)
    # The file (inside a folder) the position refers to.
    cursor_file = models.CharField(max_length=500, blank=True)
    # Lines or items done in ``cursor_file`` (or pages done for OAI).
    position = models.BigIntegerField(default=0)
    # Byte offset matching ``position`` in an uncompressed file (fast resume).
    byte_offset = models.BigIntegerField(default=0)
    # OAI-PMH resumption token for the next request.
    token = models.TextField(blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "key"], name="ingest_checkpoint_unique_source_key")]

    def __str__(self) -> str:
        return f"{self.source} {self.key} at {self.cursor_file}:{self.position}"


class FollowCheckpoint(models.Model):
    """How far ``paperwire follow`` has read one upstream's daily lists.

    ``done_through`` moves forward in the same transaction as the day it
    describes, so a killed catch-up resumes at the first day it had not
    committed. ``leased_until`` keeps a second worker (or a command started
    by hand) from reading the same upstream at the same time: one request at
    a time per upstream, even with many workers.
    """

    # The base URL as configured, without a trailing slash.
    upstream = models.CharField(max_length=500, unique=True)
    # The last list day fully imported; None until the first day is.
    done_through = models.DateField(null=True, blank=True)
    leased_until = models.DateTimeField(null=True, blank=True)
    # The end of the last catch-up that reached its last day.
    synced_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.upstream} through {self.done_through}"


class EnrichAttempt(models.Model):
    """How the last run of arXiv enrichment ended, for the pages that say how far it got.

    One row (``pk=1``), replaced by every run that asked arXiv anything.
    """

    finished_at = models.DateTimeField()
    asked = models.PositiveIntegerField(default=0)
    found = models.PositiveIntegerField(default=0)
    # Why the run stopped early ("" when it did not): arXiv could not be reached, …
    error = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"enrichment at {self.finished_at:%Y-%m-%d %H:%M}: {self.error or 'ok'}"


class ArxivTurn(models.Model):
    """The one politeness slot every process shares: when the latest reserved request to arXiv starts.

    arXiv's one-request-per-interval rule is per client, not per process: a
    web process, two workers and a command asking at once must still keep
    the interval between them. Each reserves its turn by moving this one row
    forward in a transaction of two statements, then sleeps outside it.
    """

    # Seconds since the epoch (time.time()): processes share no monotonic clock.
    last_turn = models.FloatField(default=0.0)

    def __str__(self) -> str:
        return f"arXiv turn at {self.last_turn:.3f}"


class UnknownArxivId(models.Model):
    """An id arXiv answered without a paper, remembered for ``PAPERWIRE_ARXIV_UNKNOWN_HOURS``.

    Importing the same failed ids again (or many people importing one bad
    bibliography) answers from here instead of asking arXiv again.
    """

    arxiv_id = models.CharField(max_length=64, unique=True)
    asked_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.arxiv_id} unknown to arXiv at {self.asked_at:%Y-%m-%d %H:%M}"
