"""Trending, feeds and /stats on a 10,000-paper catalogue.

Run on purpose, not in the test suite:

    PAPERWIRE_DATA_DIR=$(mktemp -d) .venv/bin/python bench/trending_bench.py
    PAPERWIRE_DATA_DIR=$(mktemp -d) .venv/bin/python -m tests.support.pg_run \
        .venv/bin/python bench/trending_bench.py

It builds a fresh database (SQLite under PAPERWIRE_DATA_DIR, or the
PostgreSQL that pg_run starts), lists 10,000 papers over 520 days (about 19 a
day, like Hugging Face's daily papers), and times each operation against a
baseline in the same run: the plain "most upvoted of the day" query of the
daily list, so the ratios stay meaningful on a busy machine.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paperwire.settings")
os.environ.setdefault("PAPERWIRE_RATELIMIT_ENABLED", "false")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from paperwire.papers.models import DailyEntry, Paper  # noqa: E402
from paperwire.papers.trending import trending_for_window, trending_papers  # noqa: E402

PAPERS = 10_000
DAYS = 520
LAST_DAY = date(2026, 6, 30)
CATEGORIES = ["cs.CL", "cs.LG", "cs.CV", "cs.AI", "stat.ML", "cs.RO", "eess.AS", "q-bio.NC"]


def build() -> None:
    call_command("migrate", verbosity=0)
    Paper.objects.all().delete()
    rng = random.Random(7)
    papers = []
    for n in range(PAPERS):
        upvotes = int(rng.paretovariate(1.2)) - 1
        cats = rng.sample(CATEGORIES, rng.randint(1, 3))
        papers.append(
            Paper(
                arxiv_id=f"25{n // 100000:02d}.{n % 100000:05d}",
                title=f"Benchmark paper {n} & <friends>",
                abstract="We study $a<b$ and more. " * 40,
                authors=[f"Author {k}" for k in range(rng.randint(1, 12))],
                categories=cats,
                primary_category=cats[0],
                published=datetime(2024, 1, 1, tzinfo=UTC) + timedelta(hours=n),
                upvotes_imported=upvotes,
                upvote_count=upvotes,
                comment_count=rng.randint(0, 3),
            )
        )
    Paper.objects.bulk_create(papers, batch_size=1000)
    entries = []
    for n, pk in enumerate(Paper.objects.order_by("pk").values_list("pk", flat=True)):
        day = LAST_DAY - timedelta(days=n * DAYS // PAPERS)
        entries.append(
            DailyEntry(
                paper_id=pk,
                list_date=day,
                submitted_at=datetime(day.year, day.month, day.day, rng.randint(0, 23), tzinfo=UTC),
                source="bench",
            )
        )
    DailyEntry.objects.bulk_create(entries, batch_size=1000)


def timed(fn: Callable[[], object], repeat: int = 7) -> float:
    """Median wall time in milliseconds (after one warm-up run)."""
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    setup_test_environment()  # lets the test client talk to "testserver"
    started = time.perf_counter()
    build()
    build_s = time.perf_counter() - started
    now = datetime(2026, 6, 30, 18, tzinfo=UTC)
    client = Client()
    day_start = datetime(2026, 6, 30, tzinfo=UTC)

    def baseline() -> object:
        return list(
            Paper.objects.visible()
            .filter(daily_entry__list_date=LAST_DAY)
            .select_related("daily_entry")
            .order_by("-upvote_count", "arxiv_id")[:50]
        )

    rows: list[tuple[str, float]] = [("baseline: most upvoted of one day (50)", timed(baseline))]
    for window in ("day", "week", "month"):
        rows.append((f"trending_for_window({window!r}), 50", timed(lambda w=window: trending_for_window(w, now))))
    rows.append(
        (
            "trending_papers over all 10k papers, 50",
            timed(lambda: trending_papers(day_start - timedelta(days=DAYS), day_start + timedelta(days=1), limit=50)),
        )
    )
    for url in (
        "/papers/trending?window=week",
        "/papers/trending/feed.rss?window=month",
        "/papers/feed.atom",
        "/papers/category/cs.CL/feed.rss",
        "/stats",
    ):
        rows.append((f"GET {url}", timed(lambda u=url: client.get(u), repeat=5)))

    base = rows[0][1]
    engine = "PostgreSQL" if settings.USING_POSTGRES else "SQLite"
    print(
        f"\n{engine}, {PAPERS:,} papers over {DAYS} list days (built in {build_s:.1f} s); load {os.getloadavg()[0]:.1f}"
    )
    print(f"{'operation':<48} {'median ms':>10} {'× baseline':>11}")
    for name, ms in rows:
        print(f"{name:<48} {ms:>10.1f} {ms / base:>11.1f}")


if __name__ == "__main__":
    main()
