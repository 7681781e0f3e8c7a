"""Throughput and peak memory of ``paperwire ingest snapshot`` on SQLite; ``--case follow``: ``paperwire follow``.

    .venv/bin/python bench/ingest.py [--sizes 100000 1000000] [--shared ../shared/data]
    .venv/bin/python bench/ingest.py --case follow [--shared ../shared/data]

The ``follow`` case serves the whole Hugging Face dump (``hf-daily``, 521
list days) from a local replay (``tests.support.hf_replay``, its own
process on loopback) and follows it from its first day to its last with no
interval between requests, into a fresh SQLite database, then once more
(every paper unchanged): papers/s and requests/s, wall and CPU.

Synthetic snapshot lines are made from the real raw sample (200 lines of the
Kaggle file): each line keeps a real record's fields and lengths and gets a
new id in the new-style pattern (``YYMM.NNNNN``, months 0704 onwards) or, for
one line in ten, the old style (``hep-th/9901001``). Each size is imported
into a fresh SQLite database by the real command in a child process (all
migrations applied, so whatever FTS triggers the search app installs are
measured too), then imported again (every line unchanged). The baseline is
``json.loads`` of every line in the same run, so results on a busy machine
can be compared as ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
OLD_ARCHIVES = ["hep-th", "hep-ph", "astro-ph", "cond-mat", "quant-ph", "math", "gr-qc", "nucl-th"]


def synthesise(sample: Path, out: Path, lines: int) -> None:
    templates = [json.loads(line) for line in sample.read_text("utf-8").splitlines() if line.strip()]
    with out.open("w", encoding="utf-8") as stream:
        for n in range(lines):
            record = dict(templates[n % len(templates)])
            if n % 10 == 9:
                archive = OLD_ARCHIVES[n % len(OLD_ARCHIVES)]
                record["id"] = f"{archive}/{9 + (n // 10) % 90:02d}{(n // 900) % 12 + 1:02d}{n % 997:03d}"
            else:
                month_index = n // 20000
                year, month = 7 + (month_index + 3) // 12, (month_index + 3) % 12 + 1
                record["id"] = f"{year:02d}{month:02d}.{n % 20000 + 10000:05d}"
            record["title"] = f"{record['title']} ({n})"
            stream.write(json.dumps(record) + "\n")


def dedupe_count(path: Path) -> int:
    return len({json.loads(line)["id"] for line in path.open("r", encoding="utf-8")})


def baseline_parse(path: Path) -> float:
    """CPU seconds to read and json.loads every line: the floor for any importer."""
    start = time.process_time()
    with path.open("rb") as stream:
        for line in stream:
            json.loads(line)
    return time.process_time() - start


def run_import(
    path: Path, data_dir: Path, command: list[str] | None = None, extra_env: dict[str, str] | None = None
) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds, peak RSS in MiB (polled), and the summary line of one import.

    CPU seconds (user + system of the child) do not grow when other jobs
    share the machine; wall seconds do.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = dict(os.environ, PAPERWIRE_DATA_DIR=str(data_dir), **(extra_env or {}))
    env.pop("PAPERWIRE_DATABASE_URL", None)
    command = command or [sys.executable, str(ROOT / "manage.py"), "ingest", "snapshot", str(path), "--quiet"]
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    process = psutil.Process(child.pid)

    def poll() -> None:
        nonlocal peak
        while child.poll() is None:
            try:
                peak = max(peak, process.memory_info().rss)
            except psutil.Error:
                return
            time.sleep(0.05)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    out, err = child.communicate()
    elapsed = time.perf_counter() - start
    watcher.join()
    if child.returncode != 0:
        raise SystemExit(f"import failed:\n{err[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu, peak / 2**20, out.strip()


def _requests_in(summary: str) -> int:
    """``… (765 days, 1289 requests)`` → 1289."""
    return int(summary.rsplit("(", 1)[1].split(",")[1].split()[0])


def bench_follow(shared: Path) -> None:
    folder = shared / "hf-daily"
    days = sorted(path.name[:10] for path in folder.glob("????-??-??.json"))
    if not days:
        raise SystemExit(f"{folder} holds no recorded days: pass --shared ../shared/data")
    papers = {item["paper"]["id"] for day in days for item in json.loads((folder / f"{day}.json").read_bytes())}
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    replay = subprocess.Popen(
        [sys.executable, "-m", "tests.support.hf_replay", str(folder), "--port", str(port)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert replay.stdout is not None
        replay.stdout.readline()  # "serving … at …": listening
        url = f"http://127.0.0.1:{port}"
        print(f"# follow benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
        print(f"# {platform.node()}: {psutil.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB")
        print(f"# load average at start: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
        print(f"# {len(days)} list days ({days[0]} .. {days[-1]}), {len(papers):,} papers, replayed at {url}")
        header = "| run | wall (s) | CPU (s) | papers/s wall | requests | requests/s wall | peak RSS (MiB) |"
        print(header)
        print("|---" * (header.count("|") - 1) + "|")
        with tempfile.TemporaryDirectory(prefix="paperwire-bench-") as tmp:
            data_dir = Path(tmp) / "var"
            data_dir.mkdir()
            migrate_env = dict(os.environ, PAPERWIRE_DATA_DIR=str(data_dir))
            migrate_env.pop("PAPERWIRE_DATABASE_URL", None)
            subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], env=migrate_env, check=True)
            command = [
                *(sys.executable, str(ROOT / "manage.py"), "follow", url, "--once", "--quiet"),
                *("--since", days[0], "--until", days[-1]),
            ]
            env = {"PAPERWIRE_FOLLOW_REQUEST_INTERVAL": "0"}
            for run in ("first", "again"):
                seconds, cpu, peak, summary = run_import(data_dir, data_dir, command, env)
                requests = _requests_in(summary)
                print(
                    f"| {run} | {seconds:.1f} | {cpu:.1f} | {len(papers) / seconds:,.0f} | {requests:,} | "
                    f"{requests / seconds:,.0f} | {peak:.0f} |",
                    flush=True,
                )
                print(f"#   {summary}", flush=True)
    finally:
        replay.terminate()
        replay.wait(timeout=10)
    print(f"# load average at end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--case", choices=("snapshot", "follow"), default="snapshot")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    if args.case == "follow":
        bench_follow(args.shared)
        return
    sample = args.shared / "arxiv" / "snapshot" / "arxiv-metadata-oai-snapshot-sample.json"
    if not sample.is_file():
        raise SystemExit(f"{sample} not found: pass --shared ../shared/data")

    print(f"# ingest snapshot benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    print(f"# {platform.node()}: {psutil.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB")
    print(f"# load average at start: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    header = (
        "| lines | parse only CPU (s) | import wall (s) | papers/s wall | import CPU (s) | papers/CPU-s "
        "| ratio to parse | rerun wall (s) | rerun lines/CPU-s | peak RSS (MiB) |"
    )
    print(header)
    print("|---" * (header.count("|") - 1) + "|")
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="paperwire-bench-") as tmp:
            folder = Path(tmp)
            path = folder / f"snapshot-{size}.json"
            synthesise(sample, path, size)
            papers = dedupe_count(path)
            parse = baseline_parse(path)
            data_dir = folder / "var"
            data_dir.mkdir()
            migrate_env = dict(os.environ, PAPERWIRE_DATA_DIR=str(data_dir))
            migrate_env.pop("PAPERWIRE_DATABASE_URL", None)
            subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], env=migrate_env, check=True)
            seconds, cpu, peak, summary = run_import(path, data_dir)
            rerun_seconds, rerun_cpu, rerun_peak, rerun_summary = run_import(path, data_dir)
            print(
                f"| {size:,} | {parse:.1f} | {seconds:.1f} | {papers / seconds:,.0f} | {cpu:.1f} | "
                f"{papers / cpu:,.0f} | {cpu / parse:.1f}× | {rerun_seconds:.1f} | {size / rerun_cpu:,.0f} | "
                f"{max(peak, rerun_peak):.0f} |",
                flush=True,
            )
            print(f"#   first run: {summary}; rerun: {rerun_summary}", flush=True)
    print(f"# load average at end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
