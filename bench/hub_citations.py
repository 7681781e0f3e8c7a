"""Requests per paper of the Hub citation job, against a local replay of the Hub's listing API.

    .venv/bin/python bench/hub_citations.py [--papers 300]

Recent papers in a fresh SQLite database; the replay (``tests.support.hub_replay``,
loopback, no interval between requests) answers each with a skewed number of
citing repositories, as on the Hub: most papers none, some a few, one in
fifty hundreds of models (so the Link header pages them). One run asks about
every paper (``max_papers`` = all); a second run asks nothing (none due).
A third case answers the first request with 429 Retry-After: 1.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def citing(arxiv_ids: list[str]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    from tests.support.hub_replay import hub_repo

    answers: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for n, arxiv_id in enumerate(arxiv_ids):
        models = 250 if n % 50 == 0 else (n % 7 if n % 3 == 0 else 0)
        answers[arxiv_id] = {
            "model": [hub_repo(f"org{n}/model-{m}", likes=m) for m in range(models)],
            "dataset": [hub_repo(f"org{n}/data", likes=1, kind="dataset")] if n % 10 == 0 else [],
            "space": [hub_repo(f"org{n}/demo", likes=2, kind="space")] if n % 5 == 0 else [],
        }
    return answers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=300)
    args = parser.parse_args()
    os.environ["PAPERWIRE_DATA_DIR"] = tempfile.mkdtemp(prefix="hub-bench-")
    os.environ.pop("PAPERWIRE_DATABASE_URL", None)
    os.environ["PAPERWIRE_HF_HUB_REQUEST_INTERVAL"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "paperwire.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from paperwire.ingest.hub_citations import refresh_citations
    from paperwire.papers.models import DailyEntry, Paper
    from tests.support.hub_replay import hub_replay

    call_command("migrate", verbosity=0)
    ids = [f"2611.{n:05d}" for n in range(1, args.papers + 1)]
    Paper.objects.bulk_create([Paper(arxiv_id=i, title=f"Paper {i}") for i in ids])
    day = timezone.now().date() - timedelta(days=3)
    DailyEntry.objects.bulk_create([DailyEntry(paper=paper, list_date=day) for paper in Paper.objects.all()])

    print(f"# {os.cpu_count()} cores · load {os.getloadavg()[0]:.2f} · {args.papers} recent papers")
    print("| case | papers asked | requests | requests/paper | wall s |")
    print("|---|---:|---:|---:|---:|")
    with hub_replay(citing(ids)) as hub:
        for case in ("first run", "run again (none due)"):
            started = time.perf_counter()
            run = refresh_citations(hub.base_url, max_papers=args.papers)
            wall = time.perf_counter() - started
            per = f"{run.requests / run.papers:.2f}" if run.papers else "-"
            print(f"| {case} | {run.papers} | {run.requests} | {per} | {wall:.2f} |")
        Paper.objects.filter(arxiv_id=ids[1]).update(hub_checked_at=None)
        hub.fail_next(429, retry_after=1)
        started = time.perf_counter()
        run = refresh_citations(hub.base_url, max_papers=1)
        wall = time.perf_counter() - started
        print(f"| one paper, first answer 429 Retry-After: 1 | {run.papers} | {run.requests} | "
              f"{run.requests / max(run.papers, 1):.2f} | {wall:.2f} |")  # fmt: skip
    print(f"# load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
