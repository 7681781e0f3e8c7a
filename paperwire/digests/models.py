"""Subscriptions, digest editions and the delivery ledger.

A ``Subscription`` is an email address (optionally tied to an account) with
its preferences. An ``Edition`` is one issue of the digest for one frequency
and one date. A ``Delivery`` is one row per (subscription, edition), unique,
and is the unit workers claim, send and record; it is what guarantees that
nobody receives an edition twice, however many workers run.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from paperwire.papers.models import PaperEvent


class Frequency(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class SubscriptionStatus(models.TextChoices):
    # Nothing but the confirmation email is ever sent to a pending address.
    PENDING = "pending", "Waiting for confirmation"
    ACTIVE = "active", "Active"
    UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
    BOUNCING = "bouncing", "Bouncing (too many permanent failures)"


class Subscription(models.Model):
    email = models.EmailField(max_length=254, unique=True, help_text="stored lower-cased")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="digest_subscriptions"
    )
    status = models.CharField(max_length=16, choices=SubscriptionStatus.choices, default=SubscriptionStatus.PENDING)
    frequency = models.CharField(max_length=8, choices=Frequency.choices, default=Frequency.DAILY)
    weekday = models.PositiveSmallIntegerField(
        choices=Weekday.choices, default=Weekday.MONDAY, help_text="day of the weekly digest"
    )
    skip_weekends = models.BooleanField(default=False, help_text="no daily digest on Saturday and Sunday")
    # The sections of the digest, each with its own number of papers (0 = off).
    paper_count = models.PositiveSmallIntegerField(default=10, help_text="trending papers")
    # On by default: for a person with a library it is the digest's most
    # personal part; for anyone without one the section is simply empty.
    for_you_count = models.PositiveSmallIntegerField(
        default=10, help_text="papers ranked for the account's library (signed-in subscribers only)"
    )
    follows_count = models.PositiveSmallIntegerField(
        default=10, help_text="new papers of the account's follows whose email is daily or weekly"
    )
    categories = models.JSONField(default=list, blank=True, help_text="arXiv categories; empty means all")
    interests = models.TextField(blank=True, help_text="one interest per line")
    # float32 rows (one per interest line) from the search embedder, computed
    # when the interests are saved so sending never waits for the model.
    interest_vectors = models.BinaryField(null=True, blank=True, editable=False)
    interest_embedder = models.CharField(max_length=100, blank=True, editable=False)
    # Bumped on unsubscribe/re-subscribe so older signed links stop working.
    token_version = models.PositiveIntegerField(default=1)
    # Named in every 👍/👎 link; bumped on unsubscribe and when the account's
    # sign-ins are reset (password changed or reset), which retires those links.
    feedback_version = models.PositiveIntegerField(default=1)
    bounce_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "frequency", "weekday"])]

    def __str__(self) -> str:
        return f"{self.email} ({self.status}, {self.frequency})"

    @property
    def interest_lines(self) -> list[str]:
        return [line.strip() for line in self.interests.replace(",", "\n").splitlines() if line.strip()][:10]

    def receives_on(self, day: date, frequency: str) -> bool:
        if frequency != self.frequency:
            return False
        if frequency == Frequency.WEEKLY:
            return day.weekday() == self.weekday
        return not (self.skip_weekends and day.weekday() >= 5)


class Edition(models.Model):
    """One issue of the digest: a frequency and the date it goes out."""

    frequency = models.CharField(max_length=8, choices=Frequency.choices)
    issue_date = models.DateField()
    # The list dates the edition covers: [period_start, period_end).
    period_start = models.DateField()
    period_end = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    # Set once every delivery row exists; planning is idempotent, so a
    # worker that dies half-way simply leaves this empty for the next one.
    planned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issue_date", "frequency"]
        constraints = [models.UniqueConstraint(fields=["frequency", "issue_date"], name="digests_one_edition_per_day")]

    def __str__(self) -> str:
        return f"{self.get_frequency_display()} digest of {self.issue_date.isoformat()}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Claimed by a worker"
    SENT = "sent", "Sent"
    RETRYING = "retrying", "Retrying (temporary failure)"
    FAILED = "failed", "Failed (gave up)"
    BOUNCED = "bounced", "Bounced (permanent failure)"
    SKIPPED = "skipped", "Skipped (nothing new for this subscriber)"


class Delivery(models.Model):
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    # The claim: which worker batch holds the row, and until when. A row
    # whose worker died becomes claimable again once ``lease_until`` passes.
    claim_token = models.CharField(max_length=32, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    paper_ids = models.JSONField(default=list, blank=True, help_text="papers in the message, in order")
    message_id = models.CharField(max_length=255, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["subscription", "edition"], name="digests_one_delivery_per_edition")
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["subscription", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.edition} → {self.subscription.email}: {self.status}"


class SentUpdate(models.Model):
    """A library update (new version, DOI, journal reference) already emailed to a person.

    Written with the delivery's "sent" record, so each update is in one digest only.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(PaperEvent, on_delete=models.CASCADE, related_name="+")
    delivery = models.ForeignKey(Delivery, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "event"], name="digests_update_sent_once")]

    def __str__(self) -> str:
        return f"event {self.event_id} sent to {self.user_id}"
