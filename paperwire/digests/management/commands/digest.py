"""``paperwire digest preview EMAIL`` and ``paperwire digest send --now``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from paperwire.digests.content import EditionContent, build_digest, previously_sent
from paperwire.digests.editions import edition_period
from paperwire.digests.models import Edition, Frequency, Subscription
from paperwire.digests.rendering import render_digest_email
from paperwire.digests.sending import send_due_digests
from paperwire.digests.subscriptions import normalise_email


class Command(BaseCommand):
    help = "Preview the next digest for an address, or send due digests now."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        preview = sub.add_parser("preview", help="print the next digest for EMAIL (sends nothing)")
        preview.add_argument("email")
        preview.add_argument("--html", action="store_true", help="print the HTML part instead of the text")
        send = sub.add_parser("send", help="send due digests")
        send.add_argument(
            "--now", action="store_true", help="plan today's editions even before PAPERWIRE_DIGEST_SEND_HOUR"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "preview":
            self.preview(options["email"], html=options["html"])
        else:
            sent = send_due_digests(force=options["now"])
            self.stdout.write(f"{sent} digest(s) sent")

    def preview(self, address: str, *, html: bool) -> None:
        subscription = Subscription.objects.filter(email=normalise_email(address)).first()
        if subscription is None:
            raise CommandError(f"no subscription for {address}")
        today = timezone.now().date()
        frequency = subscription.frequency
        # An unsaved edition: previewing must not create anything.
        start, end = edition_period(frequency, today)
        edition = Edition(frequency=frequency, issue_date=today, period_start=start, period_end=end)
        content = EditionContent.load(edition)
        sent = previously_sent([subscription.pk], timezone.now()).get(subscription.pk, set())
        items = build_digest(subscription, content, sent)
        if not items:
            self.stdout.write(f"Nothing new for {subscription.email}: no digest would be sent.")
            return
        message = render_digest_email(subscription, content, items)
        if frequency == Frequency.WEEKLY and today.weekday() != subscription.weekday:
            self.stdout.write(f"(weekly subscriber: the next edition goes out on weekday {subscription.weekday})")
        self.stdout.write(f"To: {subscription.email}\nSubject: {message.subject}\n")
        self.stdout.write(str(message.alternatives[0][0]) if html else str(message.body))
