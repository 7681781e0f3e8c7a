"""Two real paperwire servers: B follows A over A's Hugging Face-compatible API."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import requests
from django.contrib.auth import get_user_model

from paperwire.community.votes import set_upvote
from paperwire.ingest.follow import follow_upstream
from paperwire.papers.models import Paper
from tests.support.cluster import wait_for_http
from tests.support.processes import env_for_test_database
from tests.support.smtp import free_port

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

DAYS = [date(2025, 6, 2), date(2025, 6, 3), date(2025, 6, 4)]
QUIET = {"PAPERWIRE_API_CACHE_SECONDS": "0", "PAPERWIRE_RATELIMIT_ENABLED": "false", "PAPERWIRE_LOG_LEVEL": "WARNING"}

# A's lists, imported from files, and a reader with an API token (printed) to vote on A.
PREPARE_A = """
from django.contrib.auth import get_user_model
from django.core.management import call_command
from allauth.account.models import EmailAddress
from paperwire.accounts.tokens import create_token
call_command("ingest", "hf-daily", {lists!r}, "--quiet")
user = get_user_model().objects.create_user("reader-on-a", "reader@a.example.org", "a-long-password-123")
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
print(create_token(user, "federation test")[1])
"""
VOTED = "2506.00002"


def _item(number: int, day: date, upvotes: int, comments: int) -> dict[str, Any]:
    at = f"{day.isoformat()}T0{number % 9}:15:00.000Z"
    return {
        "paper": {
            "id": f"2506.{number:05d}",
            "authors": [{"_id": f"a{number}", "name": f"Author {number}", "hidden": False}, {"name": "Co Author"}],
            "publishedAt": f"{day.isoformat()}T00:00:00.000Z",
            "submittedOnDailyAt": at,
            "submittedOnDailyBy": {"user": f"submitter{number}", "fullname": f"Submitter {number}"},
            "title": f"Paper number {number}",
            # Paragraphs as arXiv writes them: paperwire keeps them byte for byte.
            "summary": f"First paragraph of paper {number}\nwrapped here.\n  Second paragraph.",
            "upvotes": upvotes,
            "ai_keywords": ["federation", f"topic {number}"],
        },
        "publishedAt": at,
        "title": f"Paper number {number}",
        "summary": f"First paragraph of paper {number}\nwrapped here.\n  Second paragraph.",
        "numComments": comments,
    }


def _write_lists(folder: Path) -> None:
    folder.mkdir()
    numbers = iter(range(1, 100))
    for index, day in enumerate(DAYS):
        items = [_item(next(numbers), day, upvotes=10 * index + n, comments=n) for n in range(3 + index)]
        (folder / f"{day.isoformat()}.json").write_text(json.dumps(items))


def _start_serving(env: dict[str, str], processes: list[subprocess.Popen[bytes]]) -> str:
    port = free_port()
    processes.append(
        subprocess.Popen(
            [sys.executable, "-m", "paperwire.cli", "serve", "--prod", "--workers", "1", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    )
    return f"http://127.0.0.1:{port}"


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:  # all at once: each takes a moment to stop
        process.send_signal(signal.SIGINT)
    for process in processes:
        process.wait(timeout=30)


@pytest.fixture
def servers(tmp_path: Path, settings: Any) -> Iterator[tuple[str, str, str]]:
    """A (its own SQLite database, three days of lists imported from files) and B (this test's database).

    Yields both URLs and an API token of a reader on A.

    The servers boot while A is being set up: each takes seconds to start.
    """
    settings.FOLLOW_REQUEST_INTERVAL = 0.0
    settings.FOLLOW_REFRESH_DAYS = 0
    a_env = dict(os.environ, PAPERWIRE_DATA_DIR=str(tmp_path / "a"), **QUIET)
    a_env.pop("PAPERWIRE_DATABASE_URL", None)
    a_env.pop("PAPERWIRE_SQLITE_PATH", None)
    b_env = dict(env_for_test_database(), PAPERWIRE_DATA_DIR=str(tmp_path / "b"), **QUIET)
    lists = tmp_path / "lists"
    _write_lists(lists)
    processes: list[subprocess.Popen[bytes]] = []
    try:
        b_url = _start_serving(b_env, processes)
        paperwire = [sys.executable, "-m", "paperwire.cli"]
        subprocess.run([*paperwire, "setup", "--no-demo"], env=a_env, check=True, capture_output=True)
        a_url = _start_serving(a_env, processes)
        # Prepared while A boots; A answers from its database, so nothing to tell it.
        script = PREPARE_A.format(lists=str(lists))
        prepared = subprocess.run(
            [*paperwire, "shell", "-c", script], env=a_env, check=True, capture_output=True, text=True
        )
        token = prepared.stdout.strip().splitlines()[-1]
        wait_for_http(f"{b_url}/healthz")
        wait_for_http(f"{a_url}/healthz")
        yield a_url, b_url, token
    finally:
        _stop(processes)


def _lists(url: str) -> dict[date, list[dict[str, Any]]]:
    """What a newsletter bot reads of each day: the papers in order, with what a reader sees of each."""
    answers = {}
    for day in DAYS:
        response = requests.get(f"{url}/api/daily_papers", params={"date": day.isoformat()}, timeout=10)
        response.raise_for_status()
        answers[day] = [
            {
                "id": item["paper"]["id"],
                "title": item["title"],
                "summary": item["summary"],
                "authors": [author["name"] for author in item["paper"]["authors"]],
                "upvotes": item["paper"]["upvotes"],
                "numComments": item["numComments"],
                "submittedOnDailyAt": item["paper"].get("submittedOnDailyAt"),
                "submitter": (item["paper"].get("submittedOnDailyBy") or {}).get("user"),
                "ai_keywords": item["paper"].get("ai_keywords"),
            }
            for item in response.json()
        ]
    return answers


def _sync(url: str) -> str:
    return follow_upstream(url, since=DAYS[0], until=DAYS[-1]).summary()


def _upvotes(answers: dict[date, list[dict[str, Any]]], arxiv_id: str) -> int:
    return next(item["upvotes"] for items in answers.values() for item in items if item["id"] == arxiv_id)


def _vote_on_a(a_url: str, token: str, *, on: bool) -> None:
    method = requests.post if on else requests.delete
    response = method(f"{a_url}/api/v1/papers/{VOTED}/upvote", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    response.raise_for_status()


def test_it_follows_another_paperwire_list_for_list_and_vote_for_vote(servers) -> None:
    a_url, b_url, token = servers

    first = _sync(a_url)

    a_lists = _lists(a_url)
    assert sum(len(items) for items in a_lists.values()) == 12
    assert _lists(b_url) == a_lists
    assert "added 12, updated 0, unchanged 0, rejected 0" in first

    # A new upvote on A reaches B at the next sync.
    _vote_on_a(a_url, token, on=True)
    assert _upvotes(_lists(a_url), VOTED) == _upvotes(a_lists, VOTED) + 1
    second = _sync(a_url)
    assert "added 0, updated 1, unchanged 11" in second
    assert _lists(b_url) == _lists(a_url)

    # A vote cast on B stays B's own, on top of A's count, whatever A's count does.
    reader = get_user_model().objects.create_user("reader-on-b", "reader@b.example.org", "a-long-password-123")
    set_upvote(reader, Paper.objects.get(arxiv_id=VOTED).pk, on=True)
    _vote_on_a(a_url, token, on=False)
    _sync(a_url)
    a_now, b_now = _lists(a_url), _lists(b_url)
    assert _upvotes(a_now, VOTED) == _upvotes(a_lists, VOTED)
    assert _upvotes(b_now, VOTED) == _upvotes(a_now, VOTED) + 1
    paper = Paper.objects.get(arxiv_id=VOTED)
    assert (paper.upvotes_imported, paper.upvotes_local) == (_upvotes(a_now, VOTED), 1)
