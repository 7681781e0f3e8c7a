"""``paperwire worker``: run periodic jobs and queued tasks until stopped."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from paperwire.ops.worker import WorkerLoop


class Command(BaseCommand):
    help = "Run the background worker (start as many as you like, on any host)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between polls (default 2)")
        parser.add_argument("--once", action="store_true", help="run what is due now, then exit")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.REDIS_URL:
            # Scale-out mode: RQ runs queued tasks; periodic claims still go
            # through the database so exactly one worker enqueues each.
            call_command("rqworker", "default", "--with-scheduler")
            return
        loop = WorkerLoop(interval=options["interval"])
        if options["once"]:
            loop.run_once()
            return
        loop.install_signal_handlers()
        loop.run_forever()
