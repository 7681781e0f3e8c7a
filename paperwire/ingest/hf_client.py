"""The HTTP client for Hugging Face and the upstreams that speak its API (``GET /api/daily_papers``, the Hub's lists).

Used by ``paperwire follow`` (``follow.py``) and, for a Hub's paged
``/api/models`` and kin, by ``hub_citations.py``. One ``Upstream`` sends one
request at a time, at most one per interval (``PAPERWIRE_FOLLOW_REQUEST_INTERVAL``,
``PAPERWIRE_HF_HUB_REQUEST_INTERVAL``; retries included), names paperwire in
its User-Agent, and gives up on an answer after its timeout.

The retries are a loop here rather than urllib3's ``Retry`` (which
``arxiv_client.py`` mounts for arXiv): urllib3 sees statuses and failed
connections, but not a body cut short after the headers or a 200 whose JSON
does not parse, and both happen with Hugging Face. So every failure goes
through one policy:

- 429 and 503 wait out ``Retry-After`` (seconds or an HTTP date, at most
  ``MAX_RETRY_AFTER_SECONDS``), else back off as below;
- other 5xx, timeouts, failed connections, truncated bodies and unparsable
  JSON back off 1, 2, 4, 8 … request intervals (at least ``MIN_BACKOFF_SECONDS``);
- after ``ATTEMPTS`` tries the day fails with ``UpstreamError``: the
  checkpoint keeps the days before it and the next run starts there;
- 404 is a day the upstream has no list for (a paperwire answers 404 for a
  day outside its calendar); any other 4xx is an error at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests

from paperwire.ingest.arxiv_client import USER_AGENT

ATTEMPTS = 6
PAGE_SIZE = 100  # the most either Hugging Face or paperwire answers per page
MAX_RETRY_AFTER_SECONDS = 600.0
MIN_BACKOFF_SECONDS = 0.1
MAX_BACKOFF_SECONDS = 300.0
# Pages of one day we read at most: 100 × 100 papers is far above any real list.
MAX_PAGES = 100
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class UpstreamError(Exception):
    """The upstream did not give a usable answer, even after retrying."""


@dataclass
class RequestStats:
    requests: int = 0
    retries: int = 0
    # Seconds spent waiting for our turn or for Retry-After (politeness, not work).
    waited: float = 0.0


@dataclass(frozen=True)
class Page:
    """One answer: its parsed JSON, and the next page's URL when the answer is paged (a ``Link`` header)."""

    data: Any
    next_url: str | None


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds to wait (capped), or None when absent or unreadable."""
    if not value:
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_SECONDS)


class Upstream:
    """One upstream's daily lists, fetched politely."""

    def __init__(
        self,
        base_url: str,
        *,
        interval: float,
        timeout: float,
        page_size: int = PAGE_SIZE,
        keepalive: Callable[[float], None] | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.interval = interval
        self.timeout = timeout
        self.page_size = page_size
        # Told how long the next wait will be before each request, so the
        # caller can keep its claim on the upstream alive.
        self.keepalive = keepalive
        self.stats = RequestStats()
        self.session = requests.Session()
        self.session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
        self._last_request = float("-inf")

    def close(self) -> None:
        self.session.close()

    def _backoff(self, failures: int) -> float:
        return min(max(self.interval, MIN_BACKOFF_SECONDS) * 2 ** (failures - 1), MAX_BACKOFF_SECONDS)

    def _wait(self, at_least: float) -> None:
        delay = max(self._last_request + self.interval - time.monotonic(), at_least, 0.0)
        if self.keepalive is not None:
            self.keepalive(delay)
        if delay > 0:
            time.sleep(delay)
            self.stats.waited += delay

    def get_json(self, path: str, params: dict[str, str]) -> Any:
        """The parsed JSON answer of ``GET base_url + path``; None for a 404."""
        page = self.get_page(f"{self.base_url}{path}", params)
        return page.data if page is not None else None

    def get_page(self, url: str, params: dict[str, str]) -> Page | None:
        """The parsed JSON answer of ``GET url`` and its ``Link: rel="next"`` URL; None for a 404."""
        extra_wait = 0.0
        problem = ""
        for attempt in range(1, ATTEMPTS + 1):
            if attempt > 1:
                self.stats.retries += 1
            self._wait(extra_wait)
            self._last_request = time.monotonic()
            self.stats.requests += 1
            try:
                response = self.session.get(url, params=params, timeout=self.timeout)
                if response.status_code == 404:
                    return None
                if response.status_code in RETRY_STATUSES:
                    problem = f"HTTP {response.status_code}"
                    told = None
                    if response.status_code in (429, 503):
                        told = retry_after_seconds(response.headers.get("Retry-After"))
                    extra_wait = told if told is not None else self._backoff(attempt)
                    continue
                if response.status_code != 200:
                    raise UpstreamError(f"{url} answered HTTP {response.status_code}: {response.text[:200]}")
                # Reading the body here (not in requests' lazy .content) puts a
                # cut-short body under the same retries as a failed request.
                return Page(response.json(), response.links.get("next", {}).get("url"))
            except requests.RequestException as exc:  # timeouts, resets, truncated bodies, bad JSON
                problem = type(exc).__name__
                extra_wait = self._backoff(attempt)
        raise UpstreamError(f"{url} {params}: no usable answer after {ATTEMPTS} attempts (last: {problem})")

    def day(self, day: date) -> list[Any]:
        """Every item the upstream lists on ``day``, page by page, each paper once."""
        items: list[Any] = []
        seen: set[str] = set()
        for page in range(MAX_PAGES):
            answer = self.get_json(
                "/api/daily_papers", {"date": day.isoformat(), "p": str(page), "limit": str(self.page_size)}
            )
            if answer is None:
                break
            if not isinstance(answer, list):
                raise UpstreamError(f"{self.base_url}: the list of {day} is not a JSON list")
            for item in answer:
                paper = item.get("paper") if isinstance(item, dict) else None
                key = paper.get("id") if isinstance(paper, dict) else None
                # Votes can reorder a list between two pages: a paper seen twice is read once.
                if isinstance(key, str):
                    if key in seen:
                        continue
                    seen.add(key)
                items.append(item)
            if len(answer) < self.page_size:
                break
        return items
