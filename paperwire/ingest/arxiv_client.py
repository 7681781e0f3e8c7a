"""Every request paperwire makes to arXiv: one HTTP session, urllib3 retries, one request per interval in all.

arXiv asks API and OAI-PMH clients for at most one request every three
seconds (``ARXIV_REQUEST_INTERVAL``); every arXiv request in paperwire goes
through ``get``, and so does every retry of it. The interval holds across
every process (web, workers, commands): they share one slot, a database row. The one ``requests`` session
mounts a retry policy (urllib3's ``Retry``) on each arXiv endpoint:

- the OAI-PMH harvester, a batch job, retries network errors and HTTP 429 /
  5xx answers, 5 attempts in all; it waits out ``Retry-After`` (at most 10
  minutes), else backs off 1, 4, 8, 16 request intervals.
- the query API: a person may be waiting for their submission, so it retries
  only a failed connection, once; a server error comes back at once and the
  page says "try again in a few minutes" rather than hanging.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Mapping
from importlib.metadata import version

import requests
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from requests.adapters import HTTPAdapter
from urllib3 import BaseHTTPResponse
from urllib3.util.retry import Retry

from paperwire.ingest.models import ArxivTurn

USER_AGENT = f"paperwire/{version('paperwire')} (self-hosted trending papers)"
TIMEOUT_SECONDS = (10.0, 60.0)
HARVEST_ATTEMPTS = 5
RETRY_STATUSES = (429, 500, 502, 503, 504)
# Added to every interval: a process woken a little late must not bring two
# requests closer than the interval (sleep and scheduling overshoot by milliseconds).
JITTER_SECONDS = 0.05
# Longest wait we accept from a Retry-After header (a longer one is cut to this).
MAX_RETRY_AFTER_SECONDS = 600


def wait_turn() -> None:
    """Wait for the next turn to ask arXiv, shared by every process and thread (one row, ``ArxivTurn``).

    Only the worker and commands call this: a web request never waits here
    (submissions and imports are fetched by the worker). The turn is reserved
    in a two-statement transaction and slept outside it, so the database's
    write lock is held for milliseconds, never for an interval.
    """
    interval = float(settings.ARXIV_REQUEST_INTERVAL)
    if interval <= 0:
        return  # no rule to keep (tests against a local arXiv)
    turn = reserve_turn(interval + JITTER_SECONDS)
    wait = turn - time.time()
    if wait > 0:
        time.sleep(wait)


def reserve_turn(interval: float) -> float:
    """The start of this caller's turn (epoch seconds): ``interval`` after the latest one, or now."""
    try:
        return _move_slot(interval)
    except IntegrityError:  # two processes made the missing row at once: it exists now
        return _move_slot(interval)


def _move_slot(interval: float) -> float:
    with transaction.atomic():
        # The UPDATE takes the row (PostgreSQL) or the write lock (SQLite)
        # first, so the read that follows sees this caller's own turn.
        now = Value(time.time())
        moved = ArxivTurn.objects.filter(pk=1).update(last_turn=Greatest(F("last_turn") + interval, now))
        if not moved:  # the migration makes the row; a flushed test database has none
            ArxivTurn.objects.create(pk=1, last_turn=time.time())
        return float(ArxivTurn.objects.values_list("last_turn", flat=True).get(pk=1))


class PoliteRetry(Retry):
    """urllib3's ``Retry``, keeping one request per interval before each retry too.

    urllib3 sends its first retry without any backoff; arXiv would count it
    against us.
    """

    def sleep(self, response: BaseHTTPResponse | None = None) -> None:
        super().sleep(response)
        wait_turn()


def harvest_retry(interval: float) -> Retry:
    return PoliteRetry(
        total=HARVEST_ATTEMPTS - 1,
        status_forcelist=RETRY_STATUSES,
        respect_retry_after_header=True,
        retry_after_max=MAX_RETRY_AFTER_SECONDS,
        # urllib3 waits factor × 2^(retry - 1) from the second retry on: 4, 8, 16 intervals.
        backoff_factor=2 * interval,
        backoff_max=MAX_RETRY_AFTER_SECONDS,
        # The last answer (say a 503) goes back to the harvester, which says what went wrong.
        raise_on_status=False,
    )


def query_retry() -> Retry:
    return PoliteRetry(total=1, read=False, respect_retry_after_header=False, raise_on_status=False)


@functools.lru_cache(maxsize=1)
def _session_for(api_url: str, oai_url: str, interval: float) -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    session.mount(oai_url, HTTPAdapter(max_retries=harvest_retry(interval)))
    session.mount(api_url, HTTPAdapter(max_retries=query_retry()))
    return session


def session() -> requests.Session:
    """This process's session for arXiv; a new one when the arXiv settings change (as in tests)."""
    return _session_for(settings.ARXIV_API_URL, settings.ARXIV_OAI_URL, float(settings.ARXIV_REQUEST_INTERVAL))


def get(url: str, params: Mapping[str, str]) -> requests.Response:
    """A polite GET, retried by the endpoint's policy.

    Raises ``requests.RequestException`` on network errors and timeouts that
    outlast the retries; an error status left after the retries is returned.
    """
    wait_turn()
    return session().get(url, params=dict(params), timeout=TIMEOUT_SECONDS)
