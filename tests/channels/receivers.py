"""Real chat receivers on 127.0.0.1 for the channels tests.

One HTTP server answers as many destinations as needed, told apart by path:
Apprise's ``json://127.0.0.1:PORT/<name>`` posts ``{"title", "message", …}``
to ``/<name>``, ``mmost://127.0.0.1:PORT/<token>`` posts ``{"text", …}`` to
``/hooks/<token>`` as a Mattermost incoming webhook does. Each path may be
given a script of status codes (the last repeats), and a path may be held:
its next request waits until released, so a test can kill a worker while a
message is in flight. Only messages answered with 2xx count as delivered.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    path: str
    payload: dict[str, Any]
    status: int
    at: float

    @property
    def text(self) -> str:
        # A Mattermost webhook carries the title inside "text"; a JSON webhook has "title" and "message".
        return str(self.payload.get("text") or self.payload.get("message") or "")


@dataclass
class ReceiverState:
    scripts: dict[str, list[int]] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    holds: dict[str, threading.Event] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_status(self, path: str) -> int:
        with self.lock:
            script = self.scripts.get(path)
            if not script:
                return 200
            return script.pop(0) if len(script) > 1 else script[0]


class ChatReceiver:
    def __init__(self) -> None:
        self.state = ReceiverState()
        state = self.state

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                hold = state.holds.pop(self.path, None)
                if hold is not None:
                    hold.wait(60)
                    self.close_connection = True
                    return  # never answered: the sender cannot know it arrived
                status = state.next_status(self.path)
                try:
                    payload = json.loads(raw or b"{}")
                except ValueError:
                    payload = {"raw": raw.decode(errors="replace")}
                body = b"{}" if status < 300 else b'{"message": "no"}'
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                with state.lock:
                    state.received.append(Received(self.path, payload, status, time.monotonic()))

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = int(self.server.server_address[1])
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> ChatReceiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        for event in list(self.state.holds.values()):
            event.set()
        self.server.shutdown()
        self.server.server_close()

    def json_url(self, name: str) -> str:
        return f"json://127.0.0.1:{self.port}/{name}"

    def mattermost_url(self, token: str) -> str:
        return f"mmost://127.0.0.1:{self.port}/{token}"

    def script(self, path: str, statuses: list[int]) -> None:
        self.state.scripts[path] = list(statuses)

    def hold_next(self, path: str) -> threading.Event:
        event = threading.Event()
        self.state.holds[path] = event
        return event

    def delivered(self, path: str | None = None) -> list[Received]:
        with self.state.lock:
            return [r for r in self.state.received if 200 <= r.status < 300 and (path is None or r.path == path)]

    def attempts(self, path: str) -> list[Received]:
        with self.state.lock:
            return [r for r in self.state.received if r.path == path]
