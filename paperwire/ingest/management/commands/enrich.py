"""``paperwire enrich [status|run]``: arXiv metadata for the papers that lack it."""

from __future__ import annotations

from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

from paperwire.ingest.enrich import enrich, enrich_status


class Command(BaseCommand):
    help = "Ask arXiv for the metadata of papers that lack it (run), or count who has it (status)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", nargs="?", choices=["status", "run"], default="status")
        parser.add_argument("--max-batches", type=int, default=None, help="stop after this many batches of 100 ids")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "status":
            for line in enrich_status().lines():
                self.stdout.write(line)
            return
        max_batches: int | None = options["max_batches"]
        if max_batches is not None and max_batches < 1:
            raise CommandError("--max-batches must be at least 1")
        result = enrich(max_batches=max_batches, progress=not options["quiet"], stderr=cast(TextIO, self.stderr._out))
        self.stdout.write(result.summary())
        if result.error:
            raise CommandError("arXiv is unavailable; run again later to resume where this run stopped")
