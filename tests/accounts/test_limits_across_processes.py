"""The log-in limit holds across gunicorn processes without Redis, and per client behind a proxy."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from paperwire.accounts.login_limit import LOGIN_LIMIT
from tests.support.cluster import wait_for_http
from tests.support.processes import env_for_test_database
from tests.support.smtp import free_port

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def three_web_processes(tmp_path):
    """``paperwire serve --prod --workers 3`` on the test database, behind a "proxy" on 127.0.0.1."""
    env = env_for_test_database()
    env.pop("PAPERWIRE_REDIS_URL", None)
    env.update(
        PAPERWIRE_DATA_DIR=str(tmp_path),
        PAPERWIRE_RATELIMIT_ENABLED="true",
        PAPERWIRE_TRUSTED_PROXIES="127.0.0.1",
        PAPERWIRE_LOG_LEVEL="WARNING",
    )
    port = free_port()
    serve = subprocess.Popen(
        [sys.executable, "-m", "paperwire.cli", "serve", "--prod", "--workers", "3", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{url}/healthz")
        yield url
    finally:
        serve.send_signal(signal.SIGINT)
        serve.wait(timeout=30)


def _failed_log_ins(url: str, client: str, attempts: int) -> list[int]:
    """``attempts`` wrong passwords from ``client`` (as nginx names it), six at once, each on a new connection."""
    form = requests.get(f"{url}/accounts/login/", timeout=10)
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    assert match is not None
    headers = {"X-Forwarded-For": client, "Connection": "close", "Referer": f"{url}/accounts/login/"}
    data = {"csrfmiddlewaretoken": match.group(1), "login": "ghost@example.org", "password": "wrong-password"}

    def attempt(_: int) -> int:
        response = requests.post(
            f"{url}/accounts/login/",
            data=data,
            headers=headers,
            cookies=form.cookies,
            timeout=30,
            allow_redirects=False,
        )
        return response.status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        return list(pool.map(attempt, range(attempts)))


def _away_from_a_window_boundary() -> None:
    """Wait, if need be, until the log-in limit's fixed window has at least a minute left.

    The counters reset when a window ends; 30 attempts that straddle the end
    would rightly be allowed twice ten.
    """
    period = LOGIN_LIMIT[1]
    left = period - time.time() % period
    if left < 60:
        time.sleep(left + 0.5)


def test_it_accepts_ten_failed_log_ins_in_all_across_three_processes(three_web_processes: str):
    _away_from_a_window_boundary()
    statuses = _failed_log_ins(three_web_processes, "203.0.113.1", 30)
    assert sorted(set(statuses)) == [200, 429]
    assert statuses.count(200) == 10

    # Another visitor behind the same proxy has a bucket of its own.
    assert _failed_log_ins(three_web_processes, "203.0.113.2", 1) == [200]
