"""A local Zotero web API (v3) over real HTTP, answering as zotero.org documents it, for sync tests.

The ``zotero_server`` fixture starts ``http.server`` on 127.0.0.1 in a
thread and points ``settings.ZOTERO_API_URL`` at it. It holds one library
(``users/<USER_ID>`` or, the same, ``groups/<id>``) whose items and
collections the test edits; every edit raises the library version, as
Zotero does. It answers:

- ``GET /users/<id>/items?since=&start=&limit=&format=json``: the items of a
  version above ``since``, oldest change first, ``limit`` (≤ 100) from
  ``start``, with ``Total-Results``, ``Last-Modified-Version`` and ``Link``;
  ``304 Not Modified`` when ``If-Modified-Since-Version`` is the current
  version or newer;
- ``GET /users/<id>/deleted?since=``: ``{"items": [keys deleted after since], …}``;
- ``GET /users/<id>/collections``: every collection, paged the same way;
- ``403 Forbidden`` when ``Zotero-API-Key`` is not ``VALID_KEY``.

Rate limits: ``zotero_server.fail_next(429, retry_after=120)`` answers the
next request with 429 and ``Retry-After``; ``zotero_server.backoff = 30``
adds ``Backoff: 30`` to every answer. ``zotero_server.requests`` lists every
request as (path, query, headers).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.support.loopback import serve_on_loopback

VALID_KEY = "P9NiFoyLeZu2bZNvvuQPDWsd"  # the shape of a Zotero key: 24 letters and digits
USER_ID = "475425"


@dataclass
class Request:
    path: str
    query: dict[str, str]
    headers: dict[str, str]


@dataclass
class ZoteroServer:
    base_url: str = ""
    version: int = 0
    items: dict[str, dict[str, Any]] = field(default_factory=dict)  # key → item (with its version)
    deleted: dict[str, int] = field(default_factory=dict)  # key → version it was deleted at
    collections: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    faults: list[tuple[int, float]] = field(default_factory=list)
    backoff: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    # --- what tests call ------------------------------------------------

    def add_item(
        self,
        key: str,
        *,
        tags: tuple[str, ...] = (),
        collections: tuple[str, ...] = (),
        item_type: str = "preprint",
        **fields: Any,
    ) -> None:
        """Add or change an item (its fields as Zotero names them: url, DOI, extra, archiveID, title …)."""
        with self.lock:
            self.version += 1
            data = {
                "key": key,
                "version": self.version,
                "itemType": item_type,
                "title": fields.pop("title", f"Item {key}"),
                "creators": [{"creatorType": "author", "firstName": "Ada", "lastName": "Lovelace"}],
                "abstractNote": "",
                "tags": [{"tag": tag} for tag in tags],
                "collections": list(collections),
                "relations": {},
                "dateAdded": "2026-01-05T10:00:00Z",
                "dateModified": "2026-01-05T10:00:00Z",
                **fields,
            }
            self.items[key] = self._wrap(key, data)
            self.deleted.pop(key, None)

    def delete_item(self, key: str) -> None:
        with self.lock:
            self.version += 1
            self.items.pop(key)
            self.deleted[key] = self.version

    def add_collection(self, key: str, name: str) -> None:
        with self.lock:
            self.version += 1
            data = {"key": key, "version": self.version, "name": name, "parentCollection": False, "relations": {}}
            self.collections[key] = self._wrap(key, data) | {"meta": {"numCollections": 0, "numItems": 1}}

    def fail_next(self, status: int, *, retry_after: float | None = None, times: int = 1) -> None:
        with self.lock:
            self.faults += [(status, retry_after if retry_after is not None else -1)] * times

    def paths(self) -> list[str]:
        return [request.path.rsplit("/", 1)[1] for request in self.requests]

    # --- answering ------------------------------------------------------

    def _wrap(self, key: str, data: dict[str, Any]) -> dict[str, Any]:
        return {
            "key": key,
            "version": data["version"],
            "library": {"type": "user", "id": int(USER_ID), "name": "ada", "links": {}},
            "links": {"self": {"href": f"{self.base_url}/users/{USER_ID}/items/{key}", "type": "application/json"}},
            "meta": {"creatorSummary": "Lovelace", "numChildren": 0},
            "data": data,
        }

    def answer(self, path: str, query: dict[str, str], headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        with self.lock:
            self.requests.append(Request(path, query, headers))
            fault = self.faults.pop(0) if self.faults else None
            common = {"Zotero-API-Version": "3", "Last-Modified-Version": str(self.version)}
            if self.backoff:
                common["Backoff"] = f"{self.backoff:g}"
            if fault is not None:
                status, retry_after = fault
                extra = {"Retry-After": f"{retry_after:g}"} if retry_after >= 0 else {}
                return status, {**common, **extra}, b"Too many requests. Please wait before retrying."
            if headers.get("zotero-api-key") != VALID_KEY:
                return 403, common, b"Forbidden"
            parts = path.strip("/").split("/")
            if len(parts) != 3 or parts[0] not in ("users", "groups"):
                return 404, common, b"Not found"
            since = int(query.get("since", "0") or 0)
            if parts[2] == "deleted":
                gone = [key for key, version in self.deleted.items() if version > since]
                body = {"collections": [], "searches": [], "items": gone, "tags": [], "settings": []}
                return 200, {**common, "Content-Type": "application/json"}, json.dumps(body).encode()
            rows = {"items": self.items, "collections": self.collections}.get(parts[2])
            if rows is None:
                return 404, common, b"Not found"
            asked = headers.get("if-modified-since-version")
            if asked is not None and int(asked) >= self.version:
                return 304, common, b""
            chosen = sorted((row for row in rows.values() if row["version"] > since), key=lambda row: row["version"])
            return self._page(path, query, chosen, common)

    def _page(
        self, path: str, query: dict[str, str], rows: list[dict[str, Any]], common: dict[str, str]
    ) -> tuple[int, dict[str, str], bytes]:
        start, limit = int(query.get("start", "0")), min(int(query.get("limit", "25")), 100)
        page = rows[start : start + limit]
        headers = {**common, "Content-Type": "application/json", "Total-Results": str(len(rows))}
        if start + limit < len(rows):
            headers["Link"] = f'<{self.base_url}{path}?start={start + limit}&limit={limit}>; rel="next"'
        return 200, headers, json.dumps(page).encode()


def _handler(server: ZoteroServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
            headers = {name.lower(): value for name, value in self.headers.items()}
            status, answer_headers, body = server.answer(parts.path, query, headers)
            self.send_response(status)
            for name, value in answer_headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def serve_zotero() -> Iterator[ZoteroServer]:
    """A local Zotero API on 127.0.0.1 until the block ends."""
    state = ZoteroServer()
    with serve_on_loopback(_handler(state), "zotero-server") as base_url:
        state.base_url = base_url
        yield state


@pytest.fixture
def zotero_server(settings: Any) -> Iterator[ZoteroServer]:
    """A local Zotero web API on 127.0.0.1, wired into settings."""
    with serve_zotero() as state:
        settings.ZOTERO_API_URL = state.base_url
        yield state
