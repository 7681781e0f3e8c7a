"""Tables of the shared helpers: the rate-limit counters of :mod:`paperwire.lib.ratelimit`."""

from __future__ import annotations

from django.db import models


class RateLimitCounter(models.Model):
    """Hits of one client in one scope during the current fixed window.

    One row per (scope, client), reused from window to window, written by a
    single ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` so that every web
    process on every host counts in the same row without a lock or a long
    transaction.
    """

    bucket = models.CharField(max_length=200, primary_key=True)
    window_number = models.BigIntegerField(help_text="Unix time // period: which window the hits belong to")
    hits = models.PositiveIntegerField()
    expires_at = models.BigIntegerField(db_index=True, help_text="Unix time after which the row can be deleted")

    class Meta:
        db_table = "paperwire_rate_limit_counter"

    def __str__(self) -> str:
        return f"{self.bucket}: {self.hits}"
