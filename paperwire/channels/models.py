"""Chat destinations and their delivery ledger.

A ``Destination`` is an Apprise URL (Slack, Discord, Matrix, Mattermost,
ntfy, a JSON webhook …) owned by a person, or by the instance when it has no
owner (``PAPERWIRE_CHANNELS`` and the admin). A ``ChannelDelivery`` is one
row per (destination, edition key), unique: the unit workers claim, send and
record, as the digests' ``Delivery`` is for email. The edition key names
what the message covers ("list:2026-12-07", "daily:2026-12-07" …), so a list
is posted once per destination however many workers plan it.

The URL is a secret (a webhook URL is a password): it is never shown whole.
``masked_url`` is what the admin, the settings page and the logs show.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from paperwire.library.models import Follow


class Carries(models.TextChoices):
    LIST = "list", "The daily list (top papers by upvotes)"
    TRENDING = "trending", "Trending papers"
    FOLLOW = "follow", "New papers of one of your follows (author, category, tag or saved search)"
    FOR_YOU = "for_you", "For you: new papers ranked for your library"


class Schedule(models.TextChoices):
    EACH_LIST = "each_list", "Each new daily list"
    DAILY = "daily", "Daily, at a time of day"
    WEEKLY = "weekly", "Weekly, on a day at a time of day"


class Destination(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="channel_destinations",
        help_text="empty: an instance destination (trusted, whatever its host)",
    )
    name = models.CharField(max_length=100, blank=True)
    url = models.TextField(help_text="the Apprise URL; a secret, never displayed")
    masked_url = models.CharField(max_length=500, blank=True)
    service = models.CharField(max_length=100, blank=True, help_text="the service Apprise recognised")
    # Set for the rows made from PAPERWIRE_CHANNELS: a digest of the URL, so the
    # list can be matched again without comparing secrets in the clear.
    settings_key = models.CharField(max_length=64, blank=True, db_index=True)
    carries = models.CharField(max_length=16, choices=Carries.choices, default=Carries.LIST)
    follow = models.ForeignKey(
        Follow,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="what a follow destination carries",
    )
    paper_count = models.PositiveSmallIntegerField(default=5, help_text="papers in a message; the rest are counted")
    schedule = models.CharField(max_length=16, choices=Schedule.choices, default=Schedule.EACH_LIST)
    send_hour = models.PositiveSmallIntegerField(default=8, help_text="hour of day (0-23) in the time zone")
    weekday = models.PositiveSmallIntegerField(default=0, help_text="0 = Monday, for weekly messages")
    time_zone = models.CharField(max_length=64, default="UTC")
    enabled = models.BooleanField(default=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["enabled", "schedule"])]

    def __str__(self) -> str:
        return self.name or self.masked_url or f"destination {self.pk}"

    @property
    def is_instance(self) -> bool:
        return self.owner_id is None


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Claimed by a worker"
    SENT = "sent", "Sent"
    RETRYING = "retrying", "Retrying (the service failed)"
    FAILED = "failed", "Failed (destination switched off)"
    SKIPPED = "skipped", "Skipped (nothing to post)"


class ChannelDelivery(models.Model):
    destination = models.ForeignKey(Destination, on_delete=models.CASCADE, related_name="deliveries")
    edition_key = models.CharField(max_length=40)
    # The list dates covered, [period_start, period_end): fixed at planning so
    # a retry posts the same papers.
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    # The claim: which worker holds the row, and until when. A row whose
    # worker died becomes claimable again once ``lease_until`` passes.
    claim_token = models.CharField(max_length=32, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    paper_ids = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "channel deliveries"
        constraints = [
            models.UniqueConstraint(fields=["destination", "edition_key"], name="channels_one_delivery_per_edition")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.edition_key} → {self.destination}: {self.status}"
