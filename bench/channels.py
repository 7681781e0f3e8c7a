"""Chat channels: time from a new daily list to its message on a local receiver, through a real worker.

    .venv/bin/python bench/channels.py --trials 4

A temporary SQLite database, a JSON webhook receiver on 127.0.0.1 named in
``PAPERWIRE_CHANNELS`` and a real ``paperwire worker`` process (periodic
jobs, task queue). Each trial commits a list of 30 papers for a past day
(a settled list, as an importer would) and waits for the message; the
table shows each latency. The channels job runs once a minute, so the
latency is the wait for the next minute plus the worker's poll and the post.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def setup_django(data_dir: str, channel_url: str) -> None:
    os.environ["PAPERWIRE_DATA_DIR"] = data_dir
    os.environ["PAPERWIRE_CHANNELS"] = channel_url
    os.environ["PAPERWIRE_SITE_URL"] = "https://papers.example.org"
    os.environ.setdefault("PAPERWIRE_LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paperwire.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def add_list(trial: int) -> None:
    from django.utils import timezone

    from paperwire.papers.models import DailyEntry, Paper

    day = timezone.now().date() - timedelta(days=1 + trial)
    papers = Paper.objects.bulk_create(
        [
            Paper(arxiv_id=f"2611.{trial:02d}{n:03d}", title=f"Paper {n} of list {trial}", authors=["A. Author"])
            for n in range(30)
        ]
    )
    DailyEntry.objects.bulk_create([DailyEntry(paper=paper, list_date=day) for paper in papers])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trials", type=int, default=4)
    args = parser.parse_args()
    from tests.channels.receivers import ChatReceiver

    with tempfile.TemporaryDirectory() as data_dir, ChatReceiver() as receiver:
        setup_django(data_dir, receiver.json_url("lab"))
        from django.utils import timezone

        from paperwire.channels.instance import sync_instance_destinations
        from paperwire.channels.models import Destination

        sync_instance_destinations()
        # Older than every list of the trials, which it should all post.
        Destination.objects.update(created_at=timezone.now() - timedelta(days=30))
        worker = subprocess.Popen(
            [sys.executable, "-m", "paperwire.cli", "worker"],
            cwd=REPO,
            env=dict(os.environ, PYTHONPATH=str(REPO)),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        latencies = []
        try:
            for trial in range(args.trials):
                before = len(receiver.delivered())
                started = time.monotonic()
                add_list(trial)
                while len(receiver.delivered()) == before:
                    if time.monotonic() - started > 180:
                        raise SystemExit("no message within 3 minutes")
                    time.sleep(0.05)
                latencies.append(receiver.delivered()[-1].at - started)
        finally:
            worker.terminate()
            worker.wait()
    print("| trial | list → message on the receiver (s) |")
    print("|---|---|")
    for n, latency in enumerate(latencies, 1):
        print(f"| {n} | {latency:.1f} |")
    print(f"| mean | {sum(latencies) / len(latencies):.1f} |")


if __name__ == "__main__":
    main()
