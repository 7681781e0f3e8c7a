"""Without PAPERWIRE_SITE_URL, the links paperwire sends lead back to the port `serve` was started on."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
import requests

from tests.support.smtp import SMTPServer, free_port

pytestmark = pytest.mark.slow


def _csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, html[:2000]
    return match.group(1)


def _wait_for(session: requests.Session, url: str, timeout: float = 30.0) -> requests.Response:
    deadline = time.monotonic() + timeout
    while True:
        try:
            return session.get(url, timeout=30)
        except requests.ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.fixture
def serving(tmp_path: Path) -> Iterator[tuple[str, SMTPServer, subprocess.Popen[bytes]]]:
    mail = SMTPServer()
    mail.start()
    env = dict(os.environ, PAPERWIRE_DATA_DIR=str(tmp_path), PAPERWIRE_SMTP_HOST="127.0.0.1")
    env["PAPERWIRE_SMTP_PORT"] = str(mail.port)
    for name in ("PAPERWIRE_DATABASE_URL", "PAPERWIRE_SITE_URL", "PAPERWIRE_SQLITE_PATH", "PAPERWIRE_EMAIL_BACKEND"):
        env.pop(name, None)
    subprocess.run([sys.executable, "-m", "paperwire.cli", "setup", "--no-demo"], env=env, check=True)
    port = free_port()
    serve = subprocess.Popen(
        [sys.executable, "-m", "paperwire.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield f"http://127.0.0.1:{port}", mail, serve
    finally:
        serve.send_signal(signal.SIGINT)
        serve.wait(timeout=30)
        mail.stop()


def test_it_links_to_the_port_serve_was_started_on(serving) -> None:
    site, mail, serve = serving
    browser = requests.Session()
    home = _wait_for(browser, f"{site}/")
    assert home.status_code == 200

    answer = browser.post(
        f"{site}/subscribe", data={"email": "reader@example.org", "csrfmiddlewaretoken": _csrf_token(home.text)}
    )
    assert answer.status_code == 200, answer.text[:2000]

    assert len(mail.messages) == 1
    confirm_links = re.findall(r"https?://\S+/subscribe/confirm/\S+", mail.messages[0].text())
    assert confirm_links and all(link.startswith(f"{site}/") for link in confirm_links), mail.messages[0].text()

    confirm_page = browser.get(confirm_links[0])
    preferences = browser.post(confirm_links[0], data={"csrfmiddlewaretoken": _csrf_token(confirm_page.text)})
    assert preferences.status_code == 200 and "/subscribe/preferences/" in preferences.url
    unsubscribe = re.search(r'href="([^"]*/unsubscribe/[^"]+)"', preferences.text)
    assert unsubscribe and unsubscribe.group(1).startswith(f"{site}/unsubscribe/"), preferences.text[:3000]

    # Digests are rendered by the worker; it is told the same address.
    workers = [
        child for child in psutil.Process(serve.pid).children(recursive=True)
        if "paperwire.cli worker" in " ".join(child.cmdline())
    ]  # fmt: skip
    assert workers and workers[0].environ().get("PAPERWIRE_SITE_URL") == site


def test_it_tells_processes_started_later_the_same_address(serving, tmp_path: Path) -> None:
    """`paperwire digest send` typed in another shell renders links to the running server, not port 8000."""
    site, _mail, _serve = serving
    assert _wait_for(requests.Session(), f"{site}/").status_code == 200
    env = dict(os.environ, PAPERWIRE_DATA_DIR=str(tmp_path))
    env.pop("PAPERWIRE_SITE_URL", None)
    links = subprocess.run(
        [
            sys.executable, "-m", "paperwire.cli", "shell", "--no-imports", "-c",
            "from paperwire.digests.links import absolute, feedback_urls, unsubscribe_url; "
            "from paperwire.digests.models import Subscription; s = Subscription(pk=1, email='r@example.org'); "
            "print(absolute('/papers')); print(feedback_urls(s, 2)[0]); print(unsubscribe_url(s))",
        ],
        env=env, check=True, capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    assert len(links) == 3 and all(link.startswith(f"{site}/") for link in links), links  # page, 👍, unsubscribe
