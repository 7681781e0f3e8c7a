"""A local Hugging Face daily-papers API over real HTTP, replaying the shared dump.

Serves ``GET /api/daily_papers?date=D&p=P&limit=L`` from the files of a
folder of recorded answers (``../shared/data/hf-daily/YYYY-MM-DD.json``):
the day's items in the file's order, page ``P`` of ``L`` (HF's default limit
is 50, its largest 100); a day without a file is an empty list, as Hugging
Face answers for a weekend. HF's quirks on demand, each for the next request:

- ``fail_next(429, retry_after=1)`` / ``fail_next(500)``: an error status;
- ``slow_next(seconds)``: the answer comes after ``seconds``;
- ``truncate_next()``: full headers, half the body, then the connection closes.

``stall(day, seconds)`` holds every answer for one day (to kill a follower
while it waits).

``requests`` lists every query received. Used by the follow tests (as a
context manager, in a thread) and by ``bench/ingest.py`` (as a process:
``python -m tests.support.hf_replay FOLDER --port N``).
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

DEFAULT_LIMIT = 50
MAX_LIMIT = 100


@dataclass
class Quirk:
    status: int = 200
    retry_after: float | None = None
    delay: float = 0.0
    truncate: bool = False


@dataclass
class HfReplay:
    folder: Path
    # Only these days are served (None: every file); other days are empty lists.
    days: frozenset[date] | None = None
    base_url: str = ""
    requests: list[dict[str, str]] = field(default_factory=list)
    quirks: list[Quirk] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stalled: dict[date, float] = field(default_factory=dict)
    # Parsed files by day: the recordings never change while the replay runs.
    cache: dict[date, list[Any]] = field(default_factory=dict, repr=False)

    def fail_next(self, status: int, *, retry_after: float | None = None) -> None:
        with self.lock:
            self.quirks.append(Quirk(status=status, retry_after=retry_after))

    def slow_next(self, seconds: float) -> None:
        with self.lock:
            self.quirks.append(Quirk(delay=seconds))

    def truncate_next(self) -> None:
        with self.lock:
            self.quirks.append(Quirk(truncate=True))

    def stall(self, day: date, seconds: float) -> None:
        with self.lock:
            self.stalled[day] = seconds

    def served_days(self) -> list[date]:
        """The days with a recorded answer, oldest first."""
        found = sorted(date.fromisoformat(path.name[:10]) for path in self.folder.glob("????-??-??.json"))
        return [day for day in found if self.days is None or day in self.days]

    def items_of(self, day: date) -> list[Any]:
        if self.days is not None and day not in self.days:
            return []
        if day not in self.cache:
            path = self.folder / f"{day.isoformat()}.json"
            self.cache[day] = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []
        return self.cache[day]

    def answer(self, path: str, query: dict[str, str]) -> tuple[Quirk, bytes]:
        with self.lock:
            self.requests.append(query)
            quirk = self.quirks.pop(0) if self.quirks else Quirk()
        if quirk.status != 200:
            return quirk, json.dumps({"error": "replayed failure"}).encode()
        if path != "/api/daily_papers":
            return Quirk(status=404), b'{"error": "not found"}'
        try:
            day = date.fromisoformat(query.get("date", ""))
            page = int(query.get("p", "0"))
            limit = min(int(query.get("limit", str(DEFAULT_LIMIT))), MAX_LIMIT)
        except ValueError:
            return Quirk(status=400), b'{"error": "bad parameters"}'
        items = self.items_of(day)[page * limit : (page + 1) * limit]
        if day in self.stalled:
            quirk = Quirk(delay=max(quirk.delay, self.stalled[day]), truncate=quirk.truncate)
        return quirk, json.dumps(items, ensure_ascii=False).encode()


def _handler(replay: HfReplay) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body leave in two writes: without this, Nagle and delayed ACKs add 40 ms to each answer.
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
            quirk, body = replay.answer(parts.path, query)
            if quirk.delay:
                time.sleep(quirk.delay)
            try:
                self.send_response(quirk.status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                if quirk.retry_after is not None:
                    self.send_header("Retry-After", f"{quirk.retry_after:g}")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if quirk.truncate:
                    self.wfile.write(body[: len(body) // 2])
                    self.close_connection = True
                else:
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                # The client gave up waiting (the slow quirk): nothing left to answer.
                self.close_connection = True

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def running_replay(folder: Path, *, days: frozenset[date] | None = None, port: int = 0) -> Iterator[HfReplay]:
    """The replay on 127.0.0.1 (a free port unless given), in a thread, until the block ends."""
    replay = HfReplay(folder=folder, days=days)
    httpd = ThreadingHTTPServer(("127.0.0.1", port), _handler(replay))
    httpd.daemon_threads = True
    replay.base_url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="hf-replay", daemon=True)
    thread.start()
    try:
        yield replay
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def main() -> None:
    parser = argparse.ArgumentParser(description="Replay recorded Hugging Face daily_papers answers over HTTP.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    with running_replay(args.folder, port=args.port) as replay:
        print(f"serving {args.folder} at {replay.base_url}", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
