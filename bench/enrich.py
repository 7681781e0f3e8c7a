"""arXiv metadata for 10,000 papers from a replayed arXiv query API: requests, time, and a kill mid-run.

    .venv/bin/python bench/enrich.py [--papers 10000] [--kill-at 40] [--shared ../shared/data]

A local arXiv (``tests.support.arxiv_server``, in this process on
loopback) answers any ``id_list`` with synthesized entries built from a
recorded one. ``--papers`` papers without arXiv metadata (as a Hugging Face
import leaves them) go into a fresh SQLite database; ``paperwire enrich run``
runs as a child process with ``PAPERWIRE_ARXIV_REQUEST_INTERVAL=0``, so the
time measured excludes arXiv's politeness waits (with the default 3 s
interval, add 3 s per request).

Case ``full``: one run from start to end. Case ``kill``: a fresh database,
the child is killed with SIGKILL while its ``--kill-at``-th request is being
answered, then run again; the table says how many requests the rerun
repeated of batches that had committed before the kill (must be 0) and how
many requests both runs made together (the batch in flight is asked twice).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def child_env(data_dir: Path, api_url: str) -> dict[str, str]:
    env = dict(
        os.environ,
        PAPERWIRE_DATA_DIR=str(data_dir),
        PAPERWIRE_ARXIV_API_URL=api_url,
        PAPERWIRE_ARXIV_REQUEST_INTERVAL="0",
        DJANGO_SETTINGS_MODULE="paperwire.settings",
    )
    env.pop("PAPERWIRE_DATABASE_URL", None)
    return env


def make_database(data_dir: Path, papers: int, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], env=env, check=True)
    script = (
        "import django; django.setup()\n"
        "from paperwire.papers.models import Paper\n"
        f"ids = [f'2401.{{n:05d}}' for n in range(1, {papers} + 1)]\n"
        "Paper.objects.bulk_create([Paper(arxiv_id=i, title=f'Paper {i}', abstract='Text.') for i in ids],"
        " batch_size=500)\n"
    )
    subprocess.run([sys.executable, "-c", script], env=env, check=True, cwd=ROOT)


def checked_ids(env: dict[str, str]) -> set[str]:
    script = (
        "import django; django.setup()\n"
        "from paperwire.papers.models import Paper\n"
        "print('\\n'.join(Paper.objects.filter(arxiv_checked_at__isnull=False).values_list('arxiv_id', flat=True)))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], env=env, check=True, cwd=ROOT, capture_output=True, text=True)
    return {line for line in out.stdout.splitlines() if line}


def enrich_command() -> list[str]:
    return [sys.executable, "-m", "paperwire.cli", "enrich", "run", "--quiet"]


def timed_run(env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds of the child, and its summary line."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(enrich_command(), env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"enrich failed: {done.stdout}{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout.strip().splitlines()[-1]


def api_batches(server: Any) -> list[tuple[str, ...]]:
    return [tuple(query["id_list"].split(",")) for path, query in server.requests if path == "/api/query"]


def bench_full(server: Any, papers: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="paperwire-enrich-") as tmp:
        env = child_env(Path(tmp), server.api_url)
        make_database(Path(tmp), papers, env)
        server.requests.clear()
        wall, cpu, summary = timed_run(env)
        requests = len(api_batches(server))
        server.requests.clear()
        again_wall, _, again = timed_run(env)
        return {
            "requests": requests,
            "wall": wall,
            "cpu": cpu,
            "summary": summary,
            "again_requests": len(api_batches(server)),
            "again_wall": again_wall,
            "again": again,
            "all_checked": len(checked_ids(env)) == papers,
        }


def bench_kill(server: Any, papers: int, kill_at: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="paperwire-enrich-kill-") as tmp:
        env = child_env(Path(tmp), server.api_url)
        make_database(Path(tmp), papers, env)
        server.requests.clear()
        held, release = threading.Event(), threading.Event()
        original = server.answer
        # Requests that reached the server before the kill, the one in flight included.
        arrived = [0]

        def hold(path: str, query: dict[str, str]) -> Any:
            if path == "/api/query" and not release.is_set():
                arrived[0] += 1
                if arrived[0] == kill_at:
                    held.set()
                    release.wait(timeout=60)
            return original(path, query)

        server.answer = hold
        child = subprocess.Popen(enrich_command(), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            if not held.wait(timeout=600):
                raise SystemExit("the enrich run never reached the request to kill it at")
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
        finally:
            release.set()
            server.answer = original
        committed = checked_ids(env)
        server.requests.clear()
        wall, _, summary = timed_run(env)
        rerun = api_batches(server)
        repeated = [batch for batch in rerun if set(batch) & committed]
        return {
            "first_requests": arrived[0],
            "committed_papers": len(committed),
            "rerun_requests": len(rerun),
            "repeated_finished": len(repeated),
            "total_requests": arrived[0] + len(rerun),
            "rerun_wall": wall,
            "summary": summary,
            "all_checked": len(checked_ids(env)) == papers,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--kill-at", type=int, default=40, help="kill the first run during this request")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paperwire.settings")
    from tests.support.arxiv_server import serve_arxiv

    print(f"# {platform.node()} · {os.cpu_count()} cores · load {os.getloadavg()[0]:.2f} · {args.papers} papers")
    with serve_arxiv(args.shared / "arxiv") as server:
        server.synthesize_api()
        full = bench_full(server, args.papers)
        kill = bench_kill(server, args.papers, args.kill_at)
    rate = args.papers / full["wall"]
    print("| case | requests | wall s | CPU s (child) | papers/s | result |")
    print("|---|---:|---:|---:|---:|---|")
    print(
        f"| full run | {full['requests']} | {full['wall']:.1f} | {full['cpu']:.1f} | {rate:,.0f} | {full['summary']} |"
    )
    print(f"| run again | {full['again_requests']} | {full['again_wall']:.1f} | | | {full['again']} |")
    print(
        f"| killed at request {args.kill_at}, then rerun | {kill['first_requests']} + {kill['rerun_requests']} = "
        f"{kill['total_requests']} | {kill['rerun_wall']:.1f} (rerun) | | | "
        f"{kill['committed_papers']} papers committed before the kill; rerun repeated "
        f"{kill['repeated_finished']} finished batches; every paper asked: {kill['all_checked']} |"
    )
    print(f"# load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
