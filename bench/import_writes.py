"""How long a library import holds the database's write lock (target: no transaction over 100 ms).

Run on purpose, not in the test suite:

    PAPERWIRE_DATA_DIR=$(mktemp -d) .venv/bin/python bench/import_writes.py
    PAPERWIRE_DATA_DIR=$(mktemp -d) .venv/bin/python -m tests.support.pg_run \
        .venv/bin/python bench/import_writes.py

It builds a fresh database with 5,000 papers and imports CSL JSON of 2,500
and 5,000 of them, each item with 30 keywords no other item has and
"keep keywords" on (the review's worst case), and prints, per import, the
write transactions it committed, the longest and the median, and the total
time. The longest transaction is what another person's vote may wait.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paperwire.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402

from paperwire.library.imports import apply_import  # noqa: E402
from tests.support.worst_imports import TransactionClock, catalogue, keyword_heavy_csl_json  # noqa: E402

SIZES = (2500, 5000)
TARGET_MS = 100.0


def main() -> None:
    call_command("migrate", verbosity=0)
    ids = catalogue(max(SIZES))
    held = TransactionClock()
    held.install()
    print(f"database: {connections['default'].vendor}; target: every write transaction under {TARGET_MS:.0f} ms")
    header = ("entries", 8), ("transactions", 13), ("over target", 12), ("longest ms", 11), ("median ms", 10)
    print(" ".join(f"{name:>{width}}" for name, width in header), f"{'total s':>8}")
    worst = 0.0
    for number, size in enumerate(SIZES):
        user = get_user_model().objects.create_user(f"reader{number}", f"reader{number}@example.org")
        text = keyword_heavy_csl_json(ids[:size], f"r{number}k")
        held.held.clear()
        started = time.perf_counter()
        apply_import(user, text, keep_keywords=True)
        total = time.perf_counter() - started
        samples = [seconds * 1000 for seconds in held.held]
        worst = max(worst, max(samples))
        over = sum(1 for ms in samples if ms > TARGET_MS)
        median = statistics.median(samples)
        print(f"{size:>8} {len(samples):>13} {over:>12} {max(samples):>11.1f} {median:>10.1f} {total:>8.2f}")
    print(f"longest write transaction: {worst:.1f} ms ({'within' if worst <= TARGET_MS else 'OVER'} the target)")


if __name__ == "__main__":
    main()
