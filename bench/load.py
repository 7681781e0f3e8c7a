"""Load and fault run of the scale-out mode: 50 simulated people on PostgreSQL + Redis.

    python bench/load.py [--people 50] [--seconds 60] [--web-workers 4] [--subscribers 2000] [--json OUT]

Starts a private PostgreSQL 16 + pgvector (pgserver), a private redis-server,
``paperwire serve --prod`` and two ``paperwire worker`` processes, all on
127.0.0.1, loads the demo corpus, and lets ``--people`` threads browse
(daily lists, paper pages), search (page and API) and toggle upvotes (API,
token auth) for ``--seconds``. Two phases:

* ``steady``: no faults;
* ``faults``: a digest edition for ``--subscribers`` readers is sending to a
  local SMTP sink (the workers start it when they start, paced at
  ``--digest-rate`` messages/s per worker so it is still going); a third of
  the way in, one gunicorn worker process and one paperwire worker are
  killed with SIGKILL (the worker is restarted 5 s later; gunicorn's master
  replaces its worker itself).

Afterwards it checks that every acknowledged upvote is in the database (no
lost votes), counts digest copies per reader (duplicates allowed only for a
message in flight at the kill), and prints a table. Rate limits are off on
the server: every simulated person shares one address. Everything stops by
itself; only loopback addresses are contacted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.cluster import Cluster, scale_out_cluster
from tests.support.smtp import SMTPServer

PAPERS_AND_DATES = """
import json
from paperwire.papers.models import DailyEntry, Paper
ids = list(Paper.objects.filter(daily_entry__isnull=False).order_by("-daily_entry__list_date")
           .values_list("arxiv_id", flat=True)[:200])
dates = sorted({d.isoformat() for d in DailyEntry.objects.values_list("list_date", flat=True)})[-30:]
print(json.dumps({"papers": ids, "dates": dates}))
"""

VOTES = """
import json
from paperwire.community.models import Upvote
print(json.dumps(sorted(Upvote.objects.values_list("user__username", "paper__arxiv_id"))))
"""

QUERIES = [
    "video generation", "reinforcement learning reasoning", "diffusion", "multimodal agents",
    "quantization", "benchmark for code", "3D reconstruction", "long context", "speech", "robot manipulation",
]  # fmt: skip


@dataclass
class Sample:
    kind: str
    seconds: float
    status: int  # 0 = connection error


@dataclass
class Person:
    number: int
    token: str
    acknowledged: dict[str, bool] = field(default_factory=dict)  # arxiv id -> voted, last 200 answer
    samples: list[Sample] = field(default_factory=list)


def act(person: Person, base: str, session: requests.Session, data: dict[str, list[str]], rng: random.Random) -> None:
    roll = rng.random()
    paper = rng.choice(data["papers"])
    if roll < 0.20:
        kind, method, url = "daily page", "GET", f"{base}/papers/date/{rng.choice(data['dates'])}"
    elif roll < 0.40:
        kind, method, url = "paper page", "GET", f"{base}/papers/{paper}"
    elif roll < 0.55:
        kind, method, url = "search page", "GET", f"{base}/search?q={rng.choice(QUERIES)}"
    elif roll < 0.65:
        kind, method, url = "api search", "GET", f"{base}/api/papers/search?q={rng.choice(QUERIES)}&limit=10"
    elif roll < 0.80:
        kind, method, url = "api daily", "GET", f"{base}/api/daily_papers?date={rng.choice(data['dates'])}"
    else:
        on = not person.acknowledged.get(paper, False)
        kind, method, url = "upvote", ("POST" if on else "DELETE"), f"{base}/api/v1/papers/{paper}/upvote"
    started = time.perf_counter()
    try:
        headers = {"Authorization": f"Bearer {person.token}"} if kind == "upvote" else {}
        response = session.request(method, url, headers=headers, timeout=30)
        status = response.status_code
    except requests.RequestException:
        status = 0
    person.samples.append(Sample(kind, time.perf_counter() - started, status))
    if kind == "upvote" and status == 200:
        person.acknowledged[paper] = method == "POST"


def run_phase(
    base: str, people: list[Person], data: dict[str, list[str]], seconds: float, on_tick=None
) -> tuple[float, list[Sample]]:
    for person in people:
        person.samples = []
    deadline = time.monotonic() + seconds

    def loop(person: Person) -> None:
        rng = random.Random(person.number)
        session = requests.Session()
        while time.monotonic() < deadline:
            act(person, base, session, data, rng)

    threads = [threading.Thread(target=loop, args=(person,), daemon=True) for person in people]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        if on_tick is not None:
            on_tick(time.monotonic() - started)
        time.sleep(0.5)
    return time.monotonic() - started, [sample for person in people for sample in person.samples]


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def summarise(phase: str, elapsed: float, samples: list[Sample]) -> list[dict[str, object]]:
    rows = []
    kinds = sorted({sample.kind for sample in samples})
    for kind in [*kinds, "all"]:
        chosen = samples if kind == "all" else [s for s in samples if s.kind == kind]
        latencies = [s.seconds for s in chosen if s.status and s.status < 500]
        rows.append(
            {
                "phase": phase,
                "kind": kind,
                "requests": len(chosen),
                "rps": round(len(chosen) / elapsed, 1),
                "p50_ms": round(percentile(latencies, 0.50) * 1000, 1),
                "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
                "5xx": sum(1 for s in chosen if s.status >= 500),
                "conn_errors": sum(1 for s in chosen if s.status == 0),
                "4xx": sum(1 for s in chosen if 400 <= s.status < 500),
            }
        )
    return rows


def print_table(rows: list[dict[str, object]]) -> None:
    columns = ["phase", "kind", "requests", "rps", "p50_ms", "p99_ms", "5xx", "conn_errors", "4xx"]
    widths = {c: max(len(c), *(len(str(r[c])) for r in rows)) for c in columns}
    print("  ".join(c.ljust(widths[c]) for c in columns))
    for row in rows:
        print("  ".join(str(row[c]).ljust(widths[c]) for c in columns))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--web-workers", type=int, default=4)
    parser.add_argument("--subscribers", type=int, default=2000)
    parser.add_argument("--digest-rate", type=float, default=4.0, help="digest messages/s per worker")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    smtp = SMTPServer()
    smtp.start()
    report: dict[str, object] = {"machine": f"{os.cpu_count()} cores", "date": time.strftime("%Y-%m-%d")}
    try:
        with scale_out_cluster(
            PAPERWIRE_SMTP_HOST="127.0.0.1",
            PAPERWIRE_SMTP_PORT=str(smtp.port),
            PAPERWIRE_DIGEST_SEND_HOUR="0",
            PAPERWIRE_RATELIMIT_ENABLED="false",
            # The workers start today's edition as soon as they start; paced and in
            # small batches with a short lease, it is still sending when the kills
            # come, and the killed worker's batch is taken over within the run.
            PAPERWIRE_DIGEST_RATE_PER_SECOND=str(args.digest_rate),
            PAPERWIRE_DIGEST_BATCH_SIZE="20",
            PAPERWIRE_DIGEST_CLAIM_LEASE_SECONDS="30",
        ) as cluster:
            print("loading the demo corpus…", flush=True)
            cluster.paperwire("ingest", "demo", "--quiet")
            tokens = cluster.add_people(voters=args.people, subscribers=args.subscribers)
            data = json.loads(cluster.paperwire("shell", "-c", PAPERS_AND_DATES).stdout.strip().splitlines()[-1])
            people = [Person(number, token) for number, token in enumerate(tokens)]
            base = cluster.start_web(workers=args.web_workers)
            web = cluster.processes[-1]
            workers = [cluster.start_worker("worker-1"), cluster.start_worker("worker-2")]
            print("waiting for the workers to index the corpus…", flush=True)
            cluster.wait_for_index()

            print(f"steady phase: {args.people} people for {args.seconds:.0f} s…", flush=True)
            elapsed, samples = run_phase(base, people, data, args.seconds)
            rows = summarise("steady", elapsed, samples)

            kills: dict[str, object] = {}

            def inject(t: float) -> None:
                if "web_pid" not in kills and t >= args.seconds / 3:
                    victims = Cluster.web_worker_pids(web)
                    kills["web_pid"] = victims[0]
                    os.kill(victims[0], signal.SIGKILL)
                    kills["worker_pid"] = workers[0].pid
                    workers[0].kill()
                    kills["messages_at_kill"] = len(smtp.messages)
                    kills["at_s"] = round(t, 1)
                if "web_pid" in kills and "restarted" not in kills and t >= args.seconds / 3 + 5:
                    cluster.start_worker("worker-1-restarted")
                    kills["restarted"] = True

            print(
                f"fault phase: {args.people} people for {args.seconds:.0f} s, kills a third of the way in…", flush=True
            )
            elapsed, samples = run_phase(base, people, data, args.seconds, on_tick=inject)
            rows += summarise("faults", elapsed, samples)

            deadline = time.monotonic() + 300
            while len(smtp.messages) < args.subscribers and time.monotonic() < deadline:
                time.sleep(1)
            time.sleep(5)
            per_reader = Counter(r for message in smtp.messages for r in message.recipients)
            stored = {
                tuple(pair) for pair in json.loads(cluster.paperwire("shell", "-c", VOTES).stdout.splitlines()[-1])
            }
            lost = extra = 0
            for person in people:
                for arxiv_id, voted in person.acknowledged.items():
                    present = (f"person{person.number}", arxiv_id) in stored
                    lost += voted and not present
                    extra += present and not voted
            report.update(
                kills=kills,
                acknowledged_upvotes=sum(sum(p.acknowledged.values()) for p in people),
                lost_upvotes=lost,
                unacknowledged_upvotes_in_db=extra,
                readers=args.subscribers,
                readers_delivered=len(per_reader),
                readers_with_duplicates=sum(1 for count in per_reader.values() if count > 1),
                rows=rows,
            )
    finally:
        smtp.stop()

    print_table(rows)
    for key in ("kills", "acknowledged_upvotes", "lost_upvotes", "unacknowledged_upvotes_in_db",
                "readers", "readers_delivered", "readers_with_duplicates"):  # fmt: skip
        print(f"{key}: {report[key]}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    ok = report["lost_upvotes"] == 0 and int(report["readers_with_duplicates"]) <= 1  # type: ignore[call-overload]
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
