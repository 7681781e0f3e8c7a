"""Operational records: which periodic job occurrences have been claimed."""

from django.db import models


class JobOccurrence(models.Model):
    job = models.CharField(max_length=100)
    due_at = models.DateTimeField()
    claimed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "due_at"], name="one_claim_per_job_occurrence")]
        ordering = ["-due_at"]

    def __str__(self) -> str:
        return f"{self.job} @ {self.due_at.isoformat()}"


class Heartbeat(models.Model):
    """The last time any worker ran the heartbeat job; /healthz reports its age."""

    name = models.CharField(max_length=100, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} @ {self.beat_at.isoformat()}"
