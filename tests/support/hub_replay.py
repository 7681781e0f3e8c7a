"""A local Hugging Face Hub listing API over real HTTP, replaying recorded answers.

Serves ``GET /api/models``, ``/api/datasets`` and ``/api/spaces`` with the
Hub's ``filter=arxiv:<id>`` and ``limit``, answering with the repositories
given for that id and kind in the Hub's shapes (``_id``, ``id``, ``likes``,
``downloads``, ``private``, ``createdAt``/``lastModified``, ``tags``) in
the order given, paged like the Hub: ``Link: <…&cursor=N>; rel="next"`` while
more remain. An id it does not know is an empty list, as on the Hub.

``fail_next(429, retry_after=1)`` answers the next request with that status;
``requests`` records every request (path, query, monotonic time).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

KINDS = {"/api/models": "model", "/api/datasets": "dataset", "/api/spaces": "space"}
DEFAULT_LIMIT = 1000


@dataclass(frozen=True)
class Seen:
    path: str
    query: dict[str, str]
    at: float


@dataclass
class HubReplay:
    # arXiv id -> kind ("model", "dataset", "space") -> repositories as the Hub lists them.
    citing: dict[str, dict[str, list[dict[str, Any]]]] = field(default_factory=dict)
    base_url: str = ""
    requests: list[Seen] = field(default_factory=list)
    failures: list[tuple[int, float | None]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fail_next(self, status: int, *, retry_after: float | None = None) -> None:
        with self.lock:
            self.failures.append((status, retry_after))

    def answer(self, path: str, query: dict[str, str]) -> tuple[int, dict[str, str], Any]:
        with self.lock:
            self.requests.append(Seen(path, query, time.monotonic()))
            failure = self.failures.pop(0) if self.failures else None
        if failure is not None:
            status, retry_after = failure
            headers = {"Retry-After": f"{retry_after:g}"} if retry_after is not None else {}
            return status, headers, {"error": "Too many requests"}
        kind = KINDS.get(path)
        if kind is None:
            return 404, {}, {"error": "Not found"}
        arxiv_id = query.get("filter", "").removeprefix("arxiv:")
        rows = self.citing.get(arxiv_id, {}).get(kind, [])
        limit = min(int(query.get("limit", DEFAULT_LIMIT)), DEFAULT_LIMIT)
        start = int(query.get("cursor", "0"))
        headers = {}
        if start + limit < len(rows):
            following = urlencode({**query, "cursor": str(start + limit)})
            headers["Link"] = f'<{self.base_url}{path}?{following}>; rel="next"'
        return 200, headers, rows[start : start + limit]


def hub_repo(repo_id: str, *, likes: int, kind: str = "model", downloads: int = 0) -> dict[str, Any]:
    """One repository in the shape the Hub lists it (the fields its default listing sends)."""
    row: dict[str, Any] = {
        "_id": f"{abs(hash(repo_id)):024x}"[:24],
        "id": repo_id,
        "likes": likes,
        "private": False,
        "tags": ["arxiv:2401.00001"],
        "createdAt": "2026-11-20T10:00:00.000Z",
    }
    if kind == "model":
        row.update(downloads=downloads, modelId=repo_id, pipeline_tag="text-generation")
    elif kind == "dataset":
        row.update(downloads=downloads, lastModified="2026-11-28T12:30:00.000Z")
    else:
        row.update(sdk="gradio")
    return row


def _handler(replay: HubReplay) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
            status, headers, body = replay.answer(parts.path, query)
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def hub_replay(citing: dict[str, dict[str, list[dict[str, Any]]]]) -> Iterator[HubReplay]:
    replay = HubReplay(citing=citing)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(replay))
    replay.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield replay
    finally:
        server.shutdown()
        server.server_close()
