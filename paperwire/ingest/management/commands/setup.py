"""``paperwire setup``: make a fresh checkout ready to serve.

Applies migrations and, when the catalogue is empty, loads the demo corpus,
so ``make run`` shows a living site on first start and is a no-op after.
It lives in the ingest app because the demo corpus does: ops, which runs
the site, knows no catalogue.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from paperwire.papers.models import Paper


class Command(BaseCommand):
    help = "Apply migrations and load the demo corpus into an empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-demo", action="store_true", help="never load the demo corpus")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("paperwire: database is up to date")
        if options["no_demo"]:
            return
        if Paper.objects.exists():
            self.stdout.write(f"paperwire: catalogue has {Paper.objects.count():,} papers; demo corpus not needed")
            return
        self.stdout.write("paperwire: empty catalogue, loading the demo corpus…")
        call_command("ingest", "demo")
