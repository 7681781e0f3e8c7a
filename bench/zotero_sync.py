"""Zotero: time of a 200-item first sync, and from "Connect" to a For you page, against a local Zotero.

    .venv/bin/python bench/zotero_sync.py --items 200 --trials 3

A temporary SQLite database holding ``--items`` recent papers (and as many
more that nobody saved, the For you candidates) and the local replay of
Zotero's web API (``tests/support/zotero_server.py``) on 127.0.0.1 with one
item per paper, named by its arxiv.org URL (two pages of 100).

* ``sync``: ``sync_link`` in this process for a person newly connected: the
  paged requests, mapping, saving with tags and provenance (each trial a new
  person, so each is a first sync);
* ``worker``: "Connect" (which queues the first sync) to the sync committed,
  through a real ``paperwire worker`` process: what a person waits before
  their library is in;
* ``for you``: then the first For you ranking of that person (positives
  embedded with the configured embedder, as the page does).
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


def setup_django(data_dir: str, zotero_url: str) -> None:
    os.environ["PAPERWIRE_DATA_DIR"] = data_dir
    os.environ["PAPERWIRE_ZOTERO_API_URL"] = zotero_url
    os.environ.setdefault("PAPERWIRE_LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paperwire.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_catalogue(items: int) -> list[str]:
    from django.utils import timezone

    from paperwire.papers.models import Paper

    recent = timezone.now() - timedelta(days=3)
    topics = ["sparse attention", "protein folding", "graph networks", "galaxy surveys", "speech recognition"]
    papers = [
        Paper(
            arxiv_id=f"2612.{n:05d}",
            title=f"{topics[n % len(topics)].capitalize()}: study {n}",
            abstract=f"We study {topics[n % len(topics)]} at scale, case {n}.",
            authors=[f"Author {n % 40}", f"Author {(n * 7) % 40}"],
            published=recent,
        )
        for n in range(2 * items)
    ]
    Paper.objects.bulk_create(papers)
    return [paper.arxiv_id for paper in papers[:items]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--trials", type=int, default=3)
    args = parser.parse_args()
    from tests.support.zotero_server import USER_ID, VALID_KEY, serve_zotero

    with tempfile.TemporaryDirectory() as data_dir, serve_zotero() as zotero:
        setup_django(data_dir, zotero.base_url)
        from django.contrib.auth.models import User

        from paperwire.library.candidates import recommend
        from paperwire.library.models import SavedPaper, ZoteroLink
        from paperwire.library.taste import negatives_of, positives_of
        from paperwire.library.zotero_sync import connect, sync_link
        from paperwire.papers.models import Paper

        for n, arxiv_id in enumerate(make_catalogue(args.items)):
            zotero.add_item(f"B{n:07d}", url=f"https://arxiv.org/abs/{arxiv_id}", tags=(f"topic {n % 5}",))

        syncs = []
        for trial in range(args.trials):
            user = User.objects.create_user(f"reader{trial}")
            link = ZoteroLink.objects.create(owner=user, library_id=USER_ID, api_key=VALID_KEY)
            started = time.perf_counter()
            sync_link(link.pk)
            syncs.append(time.perf_counter() - started)
            assert SavedPaper.objects.filter(user=user).count() == args.items

        worker = subprocess.Popen(
            [sys.executable, "-m", "paperwire.cli", "worker"],
            cwd=REPO,
            env=dict(os.environ, PYTHONPATH=str(REPO)),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            person = User.objects.create_user("connecting")
            started = time.perf_counter()
            link = connect(person, "user", USER_ID, VALID_KEY)
            while ZoteroLink.objects.get(pk=link.pk).last_outcome != ZoteroLink.Outcome.SYNCED:
                if time.perf_counter() - started > 300:
                    raise SystemExit("no sync within 5 minutes")
                time.sleep(0.05)
            through_worker = time.perf_counter() - started
        finally:
            worker.terminate()
            worker.wait()
        started = time.perf_counter()
        recent = Paper.objects.visible()
        ranked = recommend(positives_of(person), negatives_of(person), recent, limit=50)
        for_you = time.perf_counter() - started
        assert ranked, "For you is empty after the first sync"

    print(f"| step ({args.items} Zotero items) | seconds |")
    print("|---|---|")
    for n, seconds in enumerate(syncs, 1):
        print(f"| first sync, in-process, trial {n} | {seconds:.2f} |")
    print(f"| Connect → sync committed, through a real worker | {through_worker:.2f} |")
    print(f"| then the first For you ranking ({len(ranked)} papers) | {for_you:.2f} |")


if __name__ == "__main__":
    main()
