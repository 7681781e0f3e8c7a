"""``paperwire worker``: run periodic jobs and queued tasks until stopped."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from paperwire.ops.worker import WorkerLoop


class Command(BaseCommand):
    help = "Run the background worker (start as many as you like, on any host)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between polls (default 2)")
        parser.add_argument("--once", action="store_true", help="run what is due now, then exit")

    def handle(self, *args: Any, **options: Any) -> None:
        loop = WorkerLoop(interval=options["interval"])
        if options["once"]:
            loop.run_once()
            return
        if not settings.REDIS_URL:
            loop.install_signal_handlers()
        loop.run_forever()
