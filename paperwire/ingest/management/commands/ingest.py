"""``paperwire ingest <source> …``: import papers from files, arXiv or the demo corpus."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

from paperwire.ingest import demo, hf_daily, oai, snapshot
from paperwire.ingest.arxiv_api import ArxivNotFound, ArxivUnavailable, fetch_and_store
from paperwire.ingest.hf_daily import BadFile
from paperwire.ingest.models import ImportCheckpoint
from paperwire.ingest.runner import Counts, ImportRun


def _date(value: str) -> str:
    try:
        date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2024-05-27") from None
    return value


class Command(BaseCommand):
    help = "Import papers: hf-daily PATH | snapshot PATH | oai [--from --until --set] | arxiv ID… | demo"

    def add_arguments(self, parser: CommandParser) -> None:
        sources = parser.add_subparsers(dest="source", required=True, metavar="SOURCE")

        def add_source(name: str, help_text: str) -> CommandParser:
            sub: CommandParser = sources.add_parser(name, help=help_text)
            sub.add_argument("--quiet", action="store_true", help="no progress bar")
            sub.add_argument("--batch-size", type=int, default=1000, help="records per transaction (default 1000)")
            return sub

        hf = add_source("hf-daily", "Hugging Face daily_papers answers (file or folder)")
        hf.add_argument("path", type=Path)
        snap = add_source("snapshot", "Kaggle arXiv metadata snapshot (JSON lines, .gz)")
        snap.add_argument("path", type=Path)
        harvest = add_source("oai", "harvest arXiv over OAI-PMH")
        harvest.add_argument("--from", dest="date_from", type=_date, help="first datestamp, YYYY-MM-DD")
        harvest.add_argument("--until", dest="date_until", type=_date, help="last datestamp, YYYY-MM-DD")
        harvest.add_argument("--set", dest="set_spec", help="OAI set, e.g. cs or physics:hep-th")
        harvest.add_argument("--restart", action="store_true", help="forget a saved resumption token, start over")
        api = add_source("arxiv", "fetch papers by id from the arXiv query API")
        api.add_argument("ids", nargs="+", metavar="ID")
        add_source("demo", "load the demo corpus shipped with paperwire")
        build = add_source("build-demo", "(maintainers) rebuild the demo corpus file")
        build.add_argument("shared_data", type=Path)
        build.add_argument("--lists", type=int, default=demo.DEFAULT_LISTS, help="most recent daily lists to keep")

    def handle(self, *args: Any, **options: Any) -> None:
        source: str = options["source"]
        quiet: bool = options["quiet"]
        batch_size: int = max(1, options["batch_size"])
        if source == "arxiv":
            self._arxiv(options["ids"])
            return
        if source == "build-demo":
            items, found, reserved = demo.build(options["shared_data"], options["lists"])
            self.stdout.write(f"{demo.DEMO_FILE.name}: {items} items; seeds on a list {found}, reserved ids {reserved}")
            return
        try:
            counts = self._import(source, options, batch_size=batch_size, quiet=quiet)
        except oai.OaiError as exc:
            raise CommandError(f"OAI-PMH harvest stopped: {exc}") from None
        except BadFile as exc:
            raise CommandError(str(exc)) from None
        except FileNotFoundError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(counts.summary())

    def _run(self, source: str, key: str, signature: str, *, batch_size: int, quiet: bool) -> ImportRun:
        return ImportRun(
            source, key, signature=signature, batch_size=batch_size, quiet=quiet, stderr=cast(TextIO, self.stderr._out)
        )

    def _import(self, source: str, options: dict[str, Any], *, batch_size: int, quiet: bool) -> Counts:
        if source == "hf-daily":
            path: Path = options["path"]
            if not path.exists():
                raise CommandError(f"{path} does not exist")
            files = hf_daily.list_files(path)
            if not files:
                raise CommandError(f"{path} holds no .json files")
            run = self._run(
                "hf-daily", str(path.resolve()), hf_daily.signature_of(files), batch_size=batch_size, quiet=quiet
            )
            if path.is_file():
                # A single unusable file is an error, not a rejected record.
                try:
                    list(hf_daily.iter_json_array(hf_daily.read_text(path)))
                except BadFile as exc:
                    raise CommandError(f"{path.name}: {exc}") from None
            run.consume(hf_daily.iter_events(files, run.resume_point()))
            return run.finish()
        if source == "snapshot":
            path = options["path"]
            if not path.is_file():
                raise CommandError(f"{path} is not a file")
            run = self._run(
                "snapshot", str(path.resolve()), snapshot.signature_of(path), batch_size=batch_size, quiet=quiet
            )
            try:
                with snapshot.open_snapshot(path) as stream:
                    run.consume(snapshot.iter_events(path, stream, run.resume_point()))
            except (OSError, EOFError) as exc:
                raise CommandError(f"{path}: cannot read the file ({exc}); run again to resume") from None
            return run.finish()
        if source == "oai":
            key = oai.harvest_key(options["date_from"], options["date_until"], options["set_spec"])
            if options["restart"]:
                ImportCheckpoint.objects.filter(source="oai", key=key[:500]).delete()
            run = self._run("oai", key, "", batch_size=batch_size, quiet=quiet)
            return oai.harvest_oai(run, options["date_from"], options["date_until"], options["set_spec"])
        if source == "demo":
            if not demo.DEMO_FILE.is_file():
                raise CommandError(f"the demo corpus {demo.DEMO_FILE} is missing from this installation")
            run = self._run("demo", "demo", demo.signature(), batch_size=batch_size, quiet=quiet)
            run.consume(demo.iter_events(run.resume_point()))
            return run.finish()
        raise CommandError(f"unknown source {source!r}")

    def _arxiv(self, ids: list[str]) -> None:
        try:
            papers = fetch_and_store(ids)
        except (ArxivNotFound, ArxivUnavailable) as exc:
            raise CommandError(str(exc)) from None
        for paper in papers:
            self.stdout.write(f"{paper.arxiv_id}v{paper.version}: {paper.title}")
