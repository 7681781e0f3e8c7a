"""Load on the JSON API: requests/s and p50/p99 under 20 concurrent clients, gunicorn × 2 on SQLite.

    python bench/api_load.py [--data ../shared/data] [--days 0] [--clients 20] [--seconds 15]
                             [--workers 2] [--json OUT]

Builds a fresh SQLite database in a temporary folder, imports the HF daily
answers (all 521 days, about 8,900 papers; ``--days N`` keeps the last N),
starts ``gunicorn paperwire.wsgi -w 2`` on a free loopback port and drives it
with ``--clients`` threads, each sending its next request as soon as the last
one is answered (a closed loop, new connection per request as gunicorn's sync
workers close them). Scenarios, each for ``--seconds``:

* ``baseline``: ``GET /healthz``, the cheapest page, to tell the machine's
  noise apart from the API's cost (the ratios below are against it);
* ``daily latest``: ``GET /api/daily_papers`` (the newest lists, 50 papers);
* ``daily by date``: ``GET /api/daily_papers?date=D`` over every imported day;
* ``search``: ``GET /api/papers/search?q=…&limit=20``, two- and three-word
  queries from real titles (hybrid search: a MiniLM query embedding per request
  plus FTS5; no paper vectors are indexed, so the ANN side finds nothing);
* ``page /papers``: the reader's newest daily list as HTML, detailed cards
  (summary, keyword chips, every author linked), 50 papers;
* ``page by date``: ``/papers/date/D`` over every imported day;
* ``page author``: ``/authors/<name>`` for first authors of recent papers
  (the author index, co-authors and totals).

``--only page`` runs the baseline and the page scenarios alone (pages have no
response cache, so they run once); ``--page-clients`` sets their concurrency.

Only 127.0.0.1 is contacted; every loop stops after ``--seconds``. Rate limits
are switched off for the server (all clients share one address). The API
scenarios run twice: with the default 10-second response cache, then with
``PAPERWIRE_API_CACHE_SECONDS=0`` (every request built from the database).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if ordered else float("nan")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def prepare(workdir: Path, data: Path, days: int, env: dict[str, str]) -> list[str]:
    """Migrate and import; returns the imported list days."""
    files = sorted((data / "hf-daily").glob("*.json"))
    if days:
        files = files[-days:]
    folder = workdir / "hf-daily"
    folder.mkdir()
    for path in files:
        shutil.copy(path, folder / path.name)
    manage = [PYTHON, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], check=True, env=env, cwd=ROOT)
    started = time.perf_counter()
    subprocess.run([*manage, "ingest", "hf-daily", str(folder), "--quiet"], check=True, env=env, cwd=ROOT)
    print(f"imported {len(files)} days in {time.perf_counter() - started:.1f} s", flush=True)
    # The worker folds author names and keys titles after an import; no worker runs here, so do both now.
    started = time.perf_counter()
    sync = (
        "from paperwire.papers.authors import sync_author_index; print(sync_author_index()); "
        "from paperwire.search.title_keys import sync_title_keys; print(sync_title_keys())"
    )
    subprocess.run([*manage, "shell", "-c", sync], check=True, env=env, cwd=ROOT)
    print(f"author index and title keys built in {time.perf_counter() - started:.1f} s", flush=True)
    return [path.stem for path in files]


def search_queries(data: Path, count: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    words: list[str] = []
    for path in sorted((data / "hf-daily").glob("*.json"))[-60:]:
        for item in json.loads(path.read_text()):
            words += [w.strip(":,.()").lower() for w in item["paper"]["title"].split() if len(w) > 4]
    words = [w for w in words if w.isalpha()]
    return [" ".join(rng.sample(words, rng.choice((2, 3)))) for _ in range(count)]


def author_names(data: Path, count: int, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    names: list[str] = []
    for path in sorted((data / "hf-daily").glob("*.json"))[-60:]:
        for item in json.loads(path.read_text()):
            authors = item["paper"].get("authors") or []
            if authors and authors[0].get("name"):
                names.append(authors[0]["name"])
    return [rng.choice(names) for _ in range(count)] if names else ["Nobody"]


def wait_until_up(port: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer within 60 s")


def run_scenario(port: int, paths: Callable[[int], str], clients: int, seconds: float) -> dict[str, Any]:
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    stop_at = time.perf_counter() + seconds

    def client(index: int) -> None:
        n = index
        while time.perf_counter() < stop_at:
            path = paths(n)
            n += clients
            started = time.perf_counter()
            try:
                connection = http.client.HTTPConnection(HOST, port, timeout=30)
                connection.request("GET", path, headers={"Accept": "application/json"})
                response = connection.getresponse()
                response.read()
                connection.close()
                ok = response.status == 200
            except OSError:
                ok = False
            latencies[index].append(time.perf_counter() - started)
            if not ok:
                errors[index] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    merged = [value for values in latencies for value in values]
    return {
        "requests": len(merged),
        "errors": sum(errors),
        "rps": len(merged) / elapsed,
        "p50_ms": percentile(merged, 50) * 1000,
        "p99_ms": percentile(merged, 99) * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--days", type=int, default=0, help="import only the last N days (0: all)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--only", choices=("all", "api", "page"), default="all")
    parser.add_argument("--page-clients", type=int, default=0, help="clients for page scenarios (0: --clients)")
    args = parser.parse_args()
    args.seconds = min(args.seconds, 120.0)  # bounded, whatever is asked

    workdir = Path(tempfile.mkdtemp(prefix="paperwire-api-load-"))
    env = {
        **os.environ,
        "PAPERWIRE_DATA_DIR": str(workdir),
        "PAPERWIRE_DEBUG": "false",
        "PAPERWIRE_SECRET_KEY": secrets.token_urlsafe(50),
        "PAPERWIRE_RATELIMIT_ENABLED": "false",
        "PAPERWIRE_LOG_LEVEL": "WARNING",
    }
    env.pop("PAPERWIRE_DATABASE_URL", None)
    env.pop("PAPERWIRE_REDIS_URL", None)
    results: dict[str, dict[str, Any]] = {}
    try:
        days = prepare(workdir, args.data, args.days, env)
        queries = search_queries(args.data, 500)
        authors = author_names(args.data, 500)
        load = os.getloadavg()[0]
        page_clients = args.page_clients or args.clients
        for cache_seconds in (10, 0) if args.only != "page" else (10,):
            label = "" if cache_seconds else ", no cache"
            scenarios: list[tuple[str, Callable[[int], str]]] = [("baseline /healthz", lambda n: "/healthz")]
            if args.only != "page":
                scenarios += [
                    ("daily latest", lambda n: "/api/daily_papers"),
                    ("daily by date", lambda n: f"/api/daily_papers?date={days[n % len(days)]}"),
                    ("search", lambda n: f"/api/papers/search?q={quote(queries[n % len(queries)])}&limit=20"),
                ]
            if args.only != "api" and cache_seconds:
                scenarios += [
                    ("page /papers", lambda n: "/papers"),
                    ("page by date", lambda n: f"/papers/date/{days[n % len(days)]}"),
                    ("page author", lambda n: f"/authors/{quote(authors[n % len(authors)], safe='')}"),
                ]
            server_env = {**env, "PAPERWIRE_API_CACHE_SECONDS": str(cache_seconds)}
            port = free_port()
            server = subprocess.Popen(
                [
                    str(Path(PYTHON).parent / "gunicorn"),
                    "paperwire.wsgi:application",
                    "-w",
                    str(args.workers),
                    "-b",
                    f"{HOST}:{port}",
                    "--log-level",
                    "warning",
                ],
                env=server_env,
                cwd=ROOT,
            )
            try:
                wait_until_up(port)
                # Warm both workers (imports, the ONNX model, SQLite pages) before measuring.
                for _, paths in scenarios:
                    run_scenario(port, paths, 4, 2.0)
                for name, paths in scenarios:
                    if cache_seconds or name != "baseline /healthz":
                        clients = page_clients if name.startswith("page") else args.clients
                        results[name + label] = run_scenario(port, paths, clients, args.seconds)
            finally:
                server.terminate()
                server.wait(timeout=30)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    base = results["baseline /healthz"]
    print(
        f"\n{args.clients} clients × {args.seconds:.0f} s per scenario, gunicorn -w {args.workers}, SQLite, "
        f"{len(days)} days imported; load average before: {load:.1f}\n"
    )
    print(f"{'scenario':<30}{'requests':>10}{'errors':>8}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'p50/base':>10}")
    for name, row in results.items():
        print(
            f"{name:<30}{row['requests']:>10}{row['errors']:>8}{row['rps']:>9.0f}{row['p50_ms']:>9.1f}"
            f"{row['p99_ms']:>9.1f}{row['p50_ms'] / base['p50_ms']:>10.1f}"
        )
    if args.json:
        args.json.write_text(json.dumps({"load_before": load, "results": results}, indent=2))


if __name__ == "__main__":
    main()
