"""Digest sending benchmark: N confirmed subscribers against a local aiosmtpd sink.

    .venv/bin/python bench/digests.py --subscribers 100000
    .venv/bin/python -m tests.support.pg_run .venv/bin/python bench/digests.py --subscribers 100000

A quarter of the subscribers have interests (embedded with the hashing
embedder, papers with vectors in the search app's table), another quarter
have an account with three saved papers and get five For-you papers (the
recommender's candidate index is built once per edition and worker, each
subscriber's ranking runs at send time), categories are mixed. Workers
are real ``manage.py digest send --now`` processes; the table shows
messages/s (wall clock, planning included) and each worker's peak RSS, for
one and for two workers, plus a baseline: Django's SMTP backend sending one
pre-rendered message over and over to the same sink.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CATEGORY_MIX: list[list[str]] = [[], [], ["cs.LG"], ["cs.CL", "cs.AI"], ["cs.CV"], ["stat.ML", "cs.LG"], ["cs"]]
INTERESTS = [
    "RL for LLM reasoning",
    "low-bit quantisation",
    "diffusion models for video",
    "graph neural networks",
    "speech recognition",
    "robot manipulation from demonstrations",
    "retrieval augmented generation",
    "mixture of experts",
    "efficient attention for long context",
    "protein structure prediction",
]
PAPER_CATEGORIES = ["cs.LG", "cs.CL", "cs.AI", "cs.CV", "stat.ML", "cs.RO", "eess.AS", "q-bio.BM"]


class CountingSink:
    """An aiosmtpd handler that only counts: the benchmark measures the sender."""

    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        with self.lock:
            self.count += 1
        return "250 OK"


def setup_django(data_dir: str) -> None:
    os.environ["PAPERWIRE_DATA_DIR"] = data_dir
    os.environ["PAPERWIRE_EMBEDDER"] = "paperwire.search.embedder.HashingEmbedder"
    os.environ.setdefault("PAPERWIRE_LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paperwire.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def create_data(subscribers: int, papers: int) -> None:
    from datetime import timedelta

    import numpy as np
    from django.conf import settings
    from django.utils import timezone

    from paperwire.digests.models import Subscription, SubscriptionStatus
    from paperwire.papers.models import DailyEntry, Paper
    from paperwire.search.embedder import get_embedder

    rng = random.Random(42)
    day = timezone.now().date() - timedelta(days=1)
    embedder = get_embedder()
    created = []
    for n in range(papers):
        cats = rng.sample(PAPER_CATEGORIES, 2)
        topic = INTERESTS[n % len(INTERESTS)]
        created.append(
            Paper(
                arxiv_id=f"2611.{n:05d}",
                title=f"{topic.capitalize()}: a study ({n}) with <angles> & ampersands",
                abstract=f"We look at {topic}. " + "Lorem ipsum dolor sit amet, consectetur. " * 12,
                authors=[f"Author {k}" for k in range(rng.randint(1, 12))],
                categories=cats,
                primary_category=cats[0],
                upvote_count=rng.randint(0, 300),
                github_repo="https://github.com/example/code" if n % 3 == 0 else "",
            )
        )
    Paper.objects.bulk_create(created)
    saved = list(Paper.objects.order_by("pk"))
    DailyEntry.objects.bulk_create([DailyEntry(paper=p, list_date=day) for p in saved])
    try:
        from paperwire.search.models import PaperVector

        vectors = embedder.embed([f"{p.title}. {p.abstract}" for p in saved])
        PaperVector.objects.bulk_create(
            [PaperVector(paper=p, vector=vectors[i], embedder=embedder.name) for i, p in enumerate(saved)]
        )
    except Exception as exc:  # the benchmark still runs without the search app's vectors
        print(f"(no paper vectors: {exc})")
    interest_blobs = {text: np.asarray(embedder.embed([text]), dtype=np.float32).tobytes() for text in INTERESTS}
    # A quarter of the subscribers (n % 4 == 1) read For-you papers: an account
    # with three saved papers. Passwords are unusable: nobody signs in here.
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User

    from paperwire.library.models import SavedPaper

    readers = [n for n in range(subscribers) if n % 4 == 1]
    unusable = make_password(None)
    for start in range(0, len(readers), 5000):
        User.objects.bulk_create(
            [
                User(username=f"reader{n:06d}", email=f"reader{n:06d}@example.com", password=unusable)
                for n in readers[start : start + 5000]
            ]
        )
    user_ids = dict(User.objects.filter(username__startswith="reader").values_list("username", "pk"))
    saves = [
        SavedPaper(user_id=user_ids[f"reader{n:06d}"], paper=paper) for n in readers for paper in rng.sample(saved, 3)
    ]
    SavedPaper.objects.bulk_create(saves, batch_size=5000)
    batch: list[Subscription] = []
    for n in range(subscribers):
        interest = INTERESTS[n % len(INTERESTS)] if n % 4 == 0 else ""
        for_you = n % 4 == 1
        batch.append(
            Subscription(
                email=f"reader{n:06d}@example.com",
                user_id=user_ids[f"reader{n:06d}"] if for_you else None,
                status=SubscriptionStatus.ACTIVE,
                paper_count=rng.choice([5, 10, 10, 15]),
                for_you_count=5 if for_you else 0,
                categories=rng.choice(CATEGORY_MIX),
                interests=interest,
                interest_vectors=interest_blobs[interest] if interest else None,
                interest_embedder=settings.EMBEDDER if interest else "",
            )
        )
        if len(batch) == 5000:
            Subscription.objects.bulk_create(batch)
            batch = []
    Subscription.objects.bulk_create(batch)


def reset_deliveries() -> None:
    from paperwire.digests.models import Delivery, Edition

    Delivery.objects.all().delete()
    Edition.objects.all().delete()


def worker_env(port: int) -> dict[str, str]:
    from django.conf import settings
    from django.db import connection

    env = dict(os.environ)
    if settings.USING_POSTGRES:
        parts = urlsplit(env["PAPERWIRE_DATABASE_URL"])
        env["PAPERWIRE_DATABASE_URL"] = urlunsplit(parts._replace(path="/" + str(connection.settings_dict["NAME"])))
    else:
        env["PAPERWIRE_SQLITE_PATH"] = str(connection.settings_dict["NAME"])
    env.update(
        PAPERWIRE_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        PAPERWIRE_SMTP_HOST="127.0.0.1",
        PAPERWIRE_SMTP_PORT=str(port),
        PAPERWIRE_DIGEST_RATE_PER_SECOND="0",
    )
    return env


def run_workers(count: int, env: dict[str, str], sink: CountingSink) -> tuple[int, float, list[float]]:
    import psutil

    before = sink.count
    start = time.perf_counter()
    procs = [
        subprocess.Popen(
            [sys.executable, str(REPO / "manage.py"), "digest", "send", "--now"],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        for _ in range(count)
    ]
    peaks = [0.0] * count
    handles = [psutil.Process(p.pid) for p in procs]
    while any(p.poll() is None for p in procs):
        for i, handle in enumerate(handles):
            try:
                peaks[i] = max(peaks[i], handle.memory_info().rss / 2**20)
            except psutil.Error:
                pass
        time.sleep(0.05)
    elapsed = time.perf_counter() - start
    for p in procs:
        if p.returncode != 0:
            raise SystemExit(f"a worker failed with exit code {p.returncode}")
    return sink.count - before, elapsed, peaks


def baseline(port: int, messages: int) -> float:
    """Django's SMTP backend alone: one message rendered once, sent ``messages`` times."""
    from django.core.mail import EmailMultiAlternatives, get_connection

    connection = get_connection(
        "django.core.mail.backends.smtp.EmailBackend", host="127.0.0.1", port=port, fail_silently=False
    )
    connection.open()
    message = EmailMultiAlternatives("Baseline", "text " * 400, "a@example.org", ["b@example.org"])
    message.attach_alternative("<p>html</p>" * 300, "text/html")
    start = time.perf_counter()
    for _ in range(messages):
        connection.send_messages([message])
    connection.close()
    return messages / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--papers", type=int, default=300)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()

    from aiosmtpd.controller import Controller

    with tempfile.TemporaryDirectory(prefix="paperwire-bench-") as data_dir:
        setup_django(data_dir)
        from django.conf import settings

        print(f"database: {'PostgreSQL' if settings.USING_POSTGRES else 'SQLite'}; load average {os.getloadavg()}")
        t0 = time.perf_counter()
        create_data(args.subscribers, args.papers)
        print(f"created {args.subscribers} subscribers and {args.papers} papers in {time.perf_counter() - t0:.1f}s")

        sink = CountingSink()
        from tests.support.smtp import free_port

        port = free_port()
        controller = Controller(sink, hostname="127.0.0.1", port=port)
        controller.start()
        env = worker_env(port)
        try:
            base = baseline(port, 2000)
            rows = []
            for count in args.workers:
                reset_deliveries()
                sent, elapsed, peaks = run_workers(count, env, sink)
                rows.append((count, sent, elapsed, sent / elapsed, max(peaks)))
        finally:
            controller.stop()

    print()
    print(f"{'workers':>7} | {'messages':>8} | {'seconds':>8} | {'msg/s':>7} | {'vs baseline':>11} | peak RSS/worker")
    print("-" * 80)
    for count, sent, elapsed, rate, peak in rows:
        print(f"{count:>7} | {sent:>8} | {elapsed:>8.1f} | {rate:>7.0f} | {rate / base:>10.0%} | {peak:.0f} MB")
    print(f"baseline: Django SMTP backend alone, one pre-rendered message: {base:.0f} msg/s")
    print(f"load average at the end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
