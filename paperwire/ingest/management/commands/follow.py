"""``paperwire follow [URL…] [--since DATE] [--until DATE] [--once]``: catch up with upstreams' daily lists."""

from __future__ import annotations

import argparse
import time
from datetime import date
from typing import Any, TextIO, cast

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from paperwire.ingest.follow import FollowBusy, follow_upstream
from paperwire.ingest.hf_client import UpstreamError


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2024-05-27") from None


class Command(BaseCommand):
    help = "Import the daily lists of the upstreams in PAPERWIRE_FOLLOW (or the URLs given), day by day"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("urls", nargs="*", metavar="URL", help="upstream base URLs (default: PAPERWIRE_FOLLOW)")
        parser.add_argument("--since", type=_date, help="first list day to read (default: from the checkpoint)")
        parser.add_argument("--until", type=_date, help="last list day to read (default: today)")
        parser.add_argument("--once", action="store_true", help="catch up once and exit (default: keep following)")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        urls: list[str] = options["urls"] or list(settings.FOLLOW)
        if not urls:
            raise CommandError("nothing to follow: set PAPERWIRE_FOLLOW or give an upstream URL")
        since: date | None = options["since"]
        until: date | None = options["until"]
        if since and until and since > until:
            raise CommandError("--since is after --until")
        while True:
            failed = self._catch_up(urls, since, until, quiet=options["quiet"])
            if options["once"]:
                if failed:
                    raise CommandError(f"{failed} upstream(s) not caught up; run again to resume")
                return
            # Later rounds start from the checkpoint, as the worker's would.
            since = until = None
            time.sleep(60 * settings.FOLLOW_INTERVAL_MINUTES)

    def _catch_up(self, urls: list[str], since: date | None, until: date | None, *, quiet: bool) -> int:
        failed = 0
        for url in urls:
            try:
                result = follow_upstream(
                    url, since=since, until=until, quiet=quiet, stderr=cast(TextIO, self.stderr._out)
                )
            except (FollowBusy, UpstreamError) as exc:
                self.stderr.write(f"{url}: {exc}")
                failed += 1
                continue
            self.stdout.write(result.summary())
        return failed
