"""``paperwire channels send``: plan and post the due chat messages now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from paperwire.channels.sending import send_due_channels


class Command(BaseCommand):
    help = "Post the chat messages that are due (each new list, daily and weekly destinations)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("send", help="plan and post due messages")

    def handle(self, *args: Any, **options: Any) -> None:
        posted = send_due_channels()
        self.stdout.write(f"{posted} message(s) posted")
