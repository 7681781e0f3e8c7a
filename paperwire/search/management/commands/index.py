"""``paperwire index status|run|rebuild``: look after the search indexes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.db.models import Count
from tqdm import tqdm

from paperwire.papers.models import Paper
from paperwire.search.ann import get_vector_index
from paperwire.search.fts_schema import ensure_fts_triggers
from paperwire.search.indexing import forget_vectors, index_pending, pending_count, rebuild_vector_index
from paperwire.search.models import PaperVector, TitleKey
from paperwire.search.title_keys import sync_title_keys


class Command(BaseCommand):
    help = "Search indexes: status, run (key titles and embed papers without a vector now), rebuild."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{status,run,rebuild}")
        sub.add_parser("status", help="papers, title keys, vectors, papers still waiting, the on-disk index")
        run = sub.add_parser("run", help="key titles, embed every paper without a vector now, in the foreground")
        run.add_argument("--limit", type=int, default=None, help="stop after this many papers")
        run.add_argument("--batch-size", type=int, default=None)
        rebuild = sub.add_parser("rebuild", help="re-embed every paper (or --ann-only: rebuild the ANN file)")
        rebuild.add_argument(
            "--ann-only",
            action="store_true",
            help="keep the vectors; rebuild only the embedded mode's usearch file from the database",
        )
        rebuild.add_argument("--batch-size", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "status":
            self.status()
        elif action == "run":
            self.key_titles()
            done = self.run_indexer(options.get("limit"), options.get("batch_size"))
            self.stdout.write(f"embedded {done} papers; {pending_count()} still waiting")
        elif action == "rebuild":
            if options["ann_only"]:
                if settings.USING_POSTGRES:
                    self.stdout.write("PostgreSQL keeps vectors in pgvector's HNSW index; nothing to rebuild")
                    return
                watermark = rebuild_vector_index()
                self.stdout.write(f"rebuilt the vector index from the database (up to row {watermark})")
                return
            self.key_titles()
            deleted = forget_vectors()
            self.stdout.write(f"deleted {deleted} vectors; embedding every paper again")
            done = self.run_indexer(None, options.get("batch_size"))
            self.stdout.write(f"embedded {done} papers")

    def key_titles(self) -> None:
        # Before embedding: cheap next to it, and a manual run (after an
        # import, a restore) leaves exact-title look-ups complete.
        self.stdout.write(f"keyed {sync_title_keys()} titles")

    def run_indexer(self, limit: int | None, batch_size: int | None) -> int:
        total = pending_count() if limit is None else min(limit, pending_count())
        with tqdm(total=total, unit="paper", disable=not self.stdout.isatty(), file=self.stdout) as bar:
            return index_pending(limit=limit, batch_size=batch_size, progress=bar.update)

    def status(self) -> None:
        papers = Paper.objects.count()
        visible = Paper.objects.visible().count()
        vectors = PaperVector.objects.count()
        keyed = TitleKey.objects.count()
        lines = [
            f"database:        {connection.vendor}",
            f"papers:          {papers} ({visible} visible)",
            f"title keys:      {keyed} papers keyed for exact-title look-ups ({papers - keyed} not yet)",
            f"vectors:         {vectors}",
            f"waiting:         {pending_count()} visible papers without a vector (found by keywords only)",
        ]
        for row in PaperVector.objects.values("embedder").annotate(n=Count("id")).order_by("embedder"):
            lines.append(f"  embedder {row['embedder']}: {row['n']} vectors")
        if settings.USING_POSTGRES:
            lines.append("vector index:    pgvector HNSW (search_papervector_hnsw)")
            lines.append("keyword index:   PostgreSQL full text, GIN (search_paper_document)")
        else:
            vector_index = get_vector_index()
            info = vector_index.status()
            vector_index.load()  # verifies the saved file against the database, repairs if needed
            lines.append(f"vector index:    usearch in {info['folder']}")
            lines.append(
                f"  saved file:    {info['saved_file'] or '(none yet)'}: {info['saved_vectors']} vectors "
                f"up to row {info['saved_watermark']}, {int(info['saved_bytes']) // 1024} KiB"  # type: ignore[call-overload]
            )
            lines.append(f"  in memory:     {len(vector_index.index or [])} vectors up to row {vector_index.watermark}")
            repaired = ensure_fts_triggers()
            lines.append("keyword index:   SQLite FTS5" + (" (triggers were missing: repaired)" if repaired else ""))
        self.stdout.write("\n".join(lines))
