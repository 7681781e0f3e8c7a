"""A small client for the part of Zotero's web API (v3) that a read-only sync needs.

Not ``pyzotero``: every release of it requires ``bibtexparser<2``, and
paperwire's BibTeX import and export are written for ``bibtexparser`` 2, so
the two cannot be installed together. The sync needs four read requests —
items changed since a library version (paged), deleted keys since a version,
the collections' names and their headers — which ``requests`` does plainly.

What the client honours (https://www.zotero.org/support/dev/web_api/v3/basics
and .../v3/syncing): ``Zotero-API-Version: 3`` and ``Zotero-API-Key`` on
every request; ``If-Modified-Since-Version`` on the first page, answered
``304`` when the library has not changed; ``Last-Modified-Version`` on every
answer; paging with ``start``/``limit`` (at most 100) until ``Total-Results``;
``Backoff`` (seconds, on any answer) and ``429``/``503`` with ``Retry-After``,
both surfaced as the time before which no request may be sent.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import requests
from django.conf import settings

PAGE_SIZE = 100  # Zotero's largest ``limit``
TIMEOUT = 30  # seconds for one request
# Bounds on one sync: a library of 50,000 changed items is read over several syncs.
MAX_PAGES = 500
# When Zotero says 429/503 without Retry-After: wait this long rather than hammer it.
DEFAULT_RETRY_SECONDS = 60
MAX_WAIT_SECONDS = 24 * 3600


class ZoteroError(Exception):
    """Zotero refused or could not answer; ``message`` is what the library page shows."""

    def __init__(self, message: str, *, wait_seconds: float = 0.0) -> None:
        super().__init__(message)
        self.message = message
        self.wait_seconds = wait_seconds


class ZoteroKeyRefused(ZoteroError):
    """403: the key is wrong, revoked, or does not give access to this library."""


class ZoteroRateLimited(ZoteroError):
    """429 or 503: Zotero asks for a pause of ``wait_seconds``."""


@dataclass
class Answer:
    """One page as Zotero gave it, with the headers the sync reads."""

    data: Any
    version: int | None
    total: int | None
    backoff: float = 0.0


@dataclass
class Changes:
    """Everything the library changed since a version: items, deleted keys, and its new version."""

    version: int
    items: list[dict[str, Any]] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    backoff: float = 0.0


def _seconds(value: str | None) -> float:
    try:
        return min(max(float(value or 0), 0.0), MAX_WAIT_SECONDS)
    except ValueError:
        return 0.0


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


class ZoteroClient:
    """Reads one library (``users/<id>`` or ``groups/<id>``) with one API key."""

    def __init__(self, prefix: str, api_key: str, *, base_url: str | None = None) -> None:
        self.base = f"{(base_url or settings.ZOTERO_API_URL).rstrip('/')}/{prefix}"
        self.session = requests.Session()
        self.session.headers.update(
            {"Zotero-API-Version": "3", "Zotero-API-Key": api_key, "User-Agent": f"{settings.SITE_NAME} (paperwire)"}
        )
        self.backoff = 0.0  # the largest Backoff Zotero sent during this client's requests

    def get(self, path: str, params: dict[str, Any], *, since_version: int | None = None) -> Answer | None:
        """One request; None for ``304 Not Modified`` (only asked with ``since_version``)."""
        headers = {"If-Modified-Since-Version": str(since_version)} if since_version is not None else {}
        try:
            response = self.session.get(f"{self.base}/{path}", params=params, headers=headers, timeout=TIMEOUT)
        except requests.RequestException as exc:
            raise ZoteroError(f"Zotero could not be reached ({type(exc).__name__}).") from None
        self.backoff = max(self.backoff, _seconds(response.headers.get("Backoff")))
        self._raise_for(response)
        if response.status_code == 304:
            return None
        try:
            data = response.json()
        except ValueError:
            raise ZoteroError("Zotero answered something that is not JSON.") from None
        return Answer(
            data=data,
            version=_int(response.headers.get("Last-Modified-Version")),
            total=_int(response.headers.get("Total-Results")),
            backoff=self.backoff,
        )

    def _raise_for(self, response: requests.Response) -> None:
        status = response.status_code
        if status in (200, 304):
            return
        if status == 403:
            raise ZoteroKeyRefused("Zotero refused the API key (403): check the key and that it may read this library.")
        if status == 404:
            raise ZoteroError("Zotero has no such library (404): check the user or group id.")
        if status in (429, 503):
            wait = _seconds(response.headers.get("Retry-After")) or self.backoff or DEFAULT_RETRY_SECONDS
            raise ZoteroRateLimited(f"Zotero asked us to slow down ({status}).", wait_seconds=wait)
        raise ZoteroError(f"Zotero answered HTTP {status}.")

    def pages(self, path: str, params: dict[str, Any], *, since_version: int | None) -> Iterator[Answer]:
        """Every page of a list, ``start`` moving by ``limit``; nothing at all on 304."""
        for number in range(MAX_PAGES):
            page = self.get(
                path,
                {**params, "start": number * PAGE_SIZE, "limit": PAGE_SIZE, "format": "json"},
                since_version=since_version if number == 0 else None,
            )
            if page is None:
                return
            yield page
            rows = page.data if isinstance(page.data, list) else []
            total = page.total if page.total is not None else 0
            if len(rows) < PAGE_SIZE or (number + 1) * PAGE_SIZE >= total:
                return

    def changes_since(self, version: int) -> Changes | None:
        """Items changed and items deleted since ``version``; None when nothing changed (304)."""
        changes: Changes | None = None
        for page in self.pages("items", {"since": version}, since_version=version):
            if changes is None:
                changes = Changes(version=page.version or version)
            changes.items += [row for row in page.data if isinstance(row, dict)] if isinstance(page.data, list) else []
        if changes is None:
            return None
        if version > 0:
            deleted = self.get("deleted", {"since": version})
            if deleted is not None and isinstance(deleted.data, dict):
                changes.deleted = [str(key) for key in deleted.data.get("items", []) if isinstance(key, str)]
        changes.backoff = self.backoff
        return changes

    def collection_names(self) -> dict[str, str]:
        """Every collection's key → name (a few requests even for large libraries)."""
        names: dict[str, str] = {}
        for page in self.pages("collections", {}, since_version=None):
            for row in page.data if isinstance(page.data, list) else []:
                data = row.get("data", {}) if isinstance(row, dict) else {}
                if isinstance(data, dict) and isinstance(data.get("key"), str):
                    names[data["key"]] = str(data.get("name", ""))
        return names
