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

import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paperwire.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections, transaction  # noqa: E402

from paperwire.library.imports import apply_import  # noqa: E402
from paperwire.papers.records import PaperRecord  # noqa: E402
from paperwire.papers.writes import upsert_papers  # noqa: E402

SIZES = (2500, 5000)
KEYWORDS = 30
TARGET_MS = 100.0


class Held:
    """The time from the start of every transaction to its COMMIT (on SQLite, BEGIN IMMEDIATE takes the write lock)."""

    def __init__(self) -> None:
        self.samples: list[float] = []
        self._started = 0.0
        wrapper = type(connections["default"])
        real_set_autocommit, real_commit = wrapper.set_autocommit, wrapper.commit
        held = self

        def set_autocommit(self: Any, autocommit: bool, *args: Any, **kwargs: Any) -> None:
            real_set_autocommit(self, autocommit, *args, **kwargs)
            if not autocommit:  # an outermost atomic block begins
                held._started = time.perf_counter()

        def commit(self: Any) -> None:
            real_commit(self)
            held.samples.append((time.perf_counter() - held._started) * 1000)

        wrapper.set_autocommit = set_autocommit  # type: ignore[method-assign]
        wrapper.commit = commit  # type: ignore[method-assign]


def catalogue(count: int) -> list[str]:
    ids = [f"2501.{number:05d}" for number in range(1, count + 1)]
    with transaction.atomic():
        upsert_papers([PaperRecord(arxiv_id=i, version=1, meta={"title": f"Paper {i}"}) for i in ids])
    return ids


def csl_json(ids: list[str], prefix: str) -> str:
    items = [
        {
            "id": f"{prefix}{n}",
            "type": "article",
            "title": f"Paper {arxiv_id}",
            "URL": f"https://arxiv.org/abs/{arxiv_id}",
            "keyword": ", ".join(f"{prefix}{n}x{k}" for k in range(KEYWORDS)),
        }
        for n, arxiv_id in enumerate(ids)
    ]
    return json.dumps(items)


def main() -> None:
    call_command("migrate", verbosity=0)
    ids = catalogue(max(SIZES))
    held = Held()
    print(f"database: {connections['default'].vendor}; target: every write transaction under {TARGET_MS:.0f} ms")
    print(f"{'entries':>8} {'transactions':>13} {'longest ms':>11} {'median ms':>10} {'total s':>8}")
    worst = 0.0
    for number, size in enumerate(SIZES):
        user = get_user_model().objects.create_user(f"reader{number}", f"reader{number}@example.org")
        text = csl_json(ids[:size], f"r{number}k")
        held.samples.clear()
        started = time.perf_counter()
        apply_import(user, text, keep_keywords=True)
        total = time.perf_counter() - started
        samples = list(held.samples)
        worst = max(worst, max(samples))
        print(f"{size:>8} {len(samples):>13} {max(samples):>11.1f} {statistics.median(samples):>10.1f} {total:>8.2f}")
    print(f"longest write transaction: {worst:.1f} ms ({'within' if worst <= TARGET_MS else 'OVER'} the target)")


if __name__ == "__main__":
    main()
