"""The next digest of one subscription, as it would be sent now, or why none would be.

Used by ``paperwire digest preview EMAIL`` and by "Preview my next digest" on
the preferences page. Nothing is saved: the edition is never stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from paperwire.digests.content import DigestItem, EditionContent, build_digest, previously_sent
from paperwire.digests.editions import edition_period
from paperwire.digests.models import Edition, Frequency, Subscription, SubscriptionStatus, Weekday
from paperwire.digests.reader_signals import load_personal
from paperwire.digests.rendering import DigestMessage, render_digest_email
from paperwire.papers.coverage import coverage_of


@dataclass
class DigestPreview:
    subscription: Subscription
    period_start: date
    period_end: date
    items: list[DigestItem] = field(default_factory=list)
    message: DigestMessage | None = None
    # Why nothing would be sent; empty when a digest would go out.
    reason: str = ""
    # When the next edition goes out, when that is not simply the next send time.
    schedule_note: str = ""

    @property
    def subject(self) -> str:
        return str(self.message.subject) if self.message else ""

    @property
    def text(self) -> str:
        return str(self.message.body) if self.message else ""

    @property
    def html(self) -> str:
        return str(self.message.alternatives[0][0]) if self.message else ""


def preview_next_digest(subscription: Subscription, now: datetime | None = None) -> DigestPreview:
    now = now or timezone.now()
    today = now.date()
    frequency = subscription.frequency
    start, end = edition_period(frequency, today)
    edition = Edition(frequency=frequency, issue_date=today, period_start=start, period_end=end)
    preview = DigestPreview(subscription, start, end, schedule_note=_schedule_note(subscription, today))
    if subscription.status != SubscriptionStatus.ACTIVE:
        preview.reason = (
            f"This address does not receive the digest right now ({subscription.get_status_display().lower()})."
        )
        return preview
    content = EditionContent.load(edition)
    sent = previously_sent([subscription.pk], now).get(subscription.pk, set())
    personal = load_personal([subscription.user_id], now).get(subscription.user_id) if subscription.user_id else None
    preview.items = build_digest(subscription, content, sent, personal)
    if preview.items:
        preview.message = render_digest_email(subscription, content, preview.items)
        return preview
    preview.reason = _why_empty(subscription, content, sent)
    return preview


def _why_empty(subscription: Subscription, content: EditionContent, sent: set[int]) -> str:
    if not content.candidates:
        return "No new papers since the last edition: nothing was listed in this period yet."
    in_categories = content.in_categories(subscription.categories)
    if not in_categories:
        chosen = " ".join(subscription.categories)
        reason = f"None of the period's {len(content.candidates)} trending papers is in your categories ({chosen}). "
        categorized = sum(1 for paper in content.candidates if paper.primary_category)
        coverage = coverage_of(categorized, len(content.candidates))
        if not coverage.complete:
            # Papers without categories (Hugging Face imports) can never match: that, not the choice, may be why.
            return reason + f"Of those, {coverage.sentence}"
        return reason + "Add categories or leave them empty to get all of them."
    if all(paper.pk in sent for paper in in_categories):
        return "No new papers since the last edition: you already received every paper of this period."
    return "No paper of this period would be sent."


def _schedule_note(subscription: Subscription, today: date) -> str:
    if subscription.frequency == Frequency.WEEKLY and today.weekday() != subscription.weekday:
        return f"Weekly digest: the next edition goes out on {Weekday(subscription.weekday).label}."
    if subscription.frequency == Frequency.DAILY and subscription.skip_weekends and today.weekday() >= 5:
        return "No digest at weekends: the next edition goes out on Monday."
    return ""
