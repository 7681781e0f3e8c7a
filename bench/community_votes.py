"""Upvotes, comments and the paper page under community load.

Run on purpose, not in the test suite:

    PAPERWIRE_DATA_DIR=$(mktemp -d) .venv/bin/python bench/community_votes.py
    PAPERWIRE_DATA_DIR=$(mktemp -d) .venv/bin/python -m tests.support.pg_run \
        .venv/bin/python bench/community_votes.py

It builds a fresh database and times, against a baseline in the same run (a
bare Upvote insert + delete with no counter), the real vote path
(``set_upvote``: row + F() counter in one transaction), the HTTP vote as the
page's script sends it, votes from 4 threads at once on one paper (and checks
the total stays exact), Markdown rendering of a comment, and the paper page
with 60 comments.
"""

from __future__ import annotations

import os
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paperwire.settings")
os.environ.setdefault("PAPERWIRE_RATELIMIT_ENABLED", "false")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from paperwire.community.comments import add_comment  # noqa: E402
from paperwire.community.models import Upvote  # noqa: E402
from paperwire.community.votes import set_upvote  # noqa: E402
from paperwire.lib.markdown_render import render_markdown  # noqa: E402
from paperwire.papers.models import DailyEntry, Paper  # noqa: E402

USERS = 200
THREADS = 4
COMMENT = (
    "Nice result! The bound $\\mathcal{O}(n \\log n)$ beats **prior work** when $k < n$ & $n > 10^6$.\n\n"
    "- see [the code](https://github.com/example/repo)\n- and `python train.py --fast`\n\n$$\\sum_i x_i^2$$"
)


def timed(repeat: int, action: Callable[[int], object]) -> float:
    """Median milliseconds per call over ``repeat`` calls."""
    samples = []
    for i in range(repeat):
        start = time.perf_counter()
        action(i)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    User = get_user_model()
    User.objects.filter(username__startswith="bench").delete()
    Paper.objects.filter(arxiv_id__startswith="2599.").delete()
    users = [User.objects.create_user(f"bench{i}", f"bench{i}@example.org", "bench-password-1") for i in range(USERS)]
    papers = [
        Paper.objects.create(arxiv_id=f"2599.{n:05d}", title=f"Bench paper {n}", upvotes_imported=5, upvote_count=5)
        for n in range(3)
    ]
    for paper in papers:
        DailyEntry.objects.create(paper=paper, list_date="2026-01-01", source="bench")
    target, other, commented = papers

    rows: list[tuple[str, float, str]] = []

    def bare(i: int) -> None:
        row = Upvote.objects.create(user=users[i], paper=other)
        row.delete()

    baseline = timed(USERS, bare)
    rows.append(("baseline: bare Upvote insert + delete", baseline, ""))

    votes_on = timed(USERS, lambda i: set_upvote(users[i], target.pk, on=True))
    votes_off = timed(USERS, lambda i: set_upvote(users[i], target.pk, on=False))
    rows.append(("set_upvote on (row + F() counter)", votes_on, ""))
    rows.append(("set_upvote off", votes_off, ""))

    client = Client()
    client.force_login(users[0])

    def http_vote(i: int) -> None:
        state = "up" if i % 2 == 0 else "down"
        client.post(f"/vote/{target.pk}", {"vote": state}, headers={"accept": "application/json"})

    rows.append(("POST /vote (JSON, signed in)", timed(100, http_vote), ""))

    # Threads: every user votes once on the same paper, THREADS at a time.
    Upvote.objects.filter(paper=target).delete()
    Paper.objects.filter(pk=target.pk).update(upvote_count=5)
    chunks = [users[i::THREADS] for i in range(THREADS)]

    def voter(chunk: list) -> None:  # type: ignore[type-arg]
        try:
            for user in chunk:
                set_upvote(user, target.pk, on=True)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=voter, args=(chunk,)) for chunk in chunks]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    target.refresh_from_db()
    exact = target.upvote_count == 5 + Upvote.objects.filter(paper=target).count() == 5 + USERS
    rows.append(
        (f"{USERS} votes from {THREADS} threads, per vote", elapsed * 1000 / USERS, f"total exact: {exact}")
    )

    rows.append(("render_markdown (typical comment)", timed(500, lambda i: render_markdown(COMMENT)), ""))

    for i in range(60):
        add_comment(commented, users[i % USERS], COMMENT)
    reader = Client()
    reader.force_login(users[1])
    settings.DEBUG = True
    reset_queries()
    reader.get(commented.get_absolute_url())
    queries = len(connection.queries)
    settings.DEBUG = False
    page_ms = timed(30, lambda i: reader.get(commented.get_absolute_url()))
    rows.append(("paper page with 60 comments", page_ms, f"{queries} queries"))

    database = "PostgreSQL" if settings.USING_POSTGRES else "SQLite"
    print(f"\ncommunity benchmark on {database} (median ms; ratio to the baseline)\n")
    print(f"| {'operation':<42} | {'ms':>8} | {'× baseline':>10} | note |")
    print(f"|{'-' * 44}|{'-' * 10}|{'-' * 12}|------|")
    for name, ms, note in rows:
        print(f"| {name:<42} | {ms:8.2f} | {ms / baseline:10.1f} | {note} |")


if __name__ == "__main__":
    main()
