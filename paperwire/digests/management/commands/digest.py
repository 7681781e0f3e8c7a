"""``paperwire digest preview EMAIL`` and ``paperwire digest send --now``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from paperwire.digests.models import Subscription
from paperwire.digests.preview import preview_next_digest
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
        preview = preview_next_digest(subscription)
        if preview.message is None:
            self.stdout.write(f"Nothing new for {subscription.email}: no digest would be sent. {preview.reason}")
            return
        if preview.schedule_note:
            self.stdout.write(f"({preview.schedule_note})")
        self.stdout.write(f"To: {subscription.email}\nSubject: {preview.subject}\n")
        self.stdout.write(preview.html if html else preview.text)
