"""One request to arXiv every ``ARXIV_REQUEST_INTERVAL`` seconds, per process.

arXiv asks API and OAI-PMH clients for at most one request every three
seconds; every arXiv request in paperwire goes through ``get``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping

import requests
from django.conf import settings

USER_AGENT = "paperwire (self-hosted trending papers)"
TIMEOUT_SECONDS = (10.0, 60.0)
# Longest wait we accept from a Retry-After header before giving up.
MAX_RETRY_AFTER_SECONDS = 600.0

_lock = threading.Lock()
_last_request = 0.0


def wait_turn() -> None:
    global _last_request
    with _lock:
        interval = float(settings.ARXIV_REQUEST_INTERVAL)
        delay = _last_request + interval - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        _last_request = time.monotonic()


def retry_after_seconds(response: requests.Response, default: float) -> float:
    value = response.headers.get("Retry-After", "")
    try:
        seconds = float(value)
    except ValueError:
        seconds = default
    return max(0.0, min(seconds, MAX_RETRY_AFTER_SECONDS))


def get(url: str, params: Mapping[str, str]) -> requests.Response:
    """A polite GET; raises requests.RequestException on network errors and timeouts."""
    wait_turn()
    return requests.get(url, params=dict(params), timeout=TIMEOUT_SECONDS, headers={"User-Agent": USER_AGENT})
