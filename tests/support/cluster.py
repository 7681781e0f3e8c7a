"""A scale-out paperwire on one machine: PostgreSQL, Redis, web and worker processes.

Used by the multi-process integration test and by ``bench/load.py``. Every
process listens on loopback only and is stopped when the context ends.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

from tests.support.pg_run import pgserver_database
from tests.support.smtp import free_port

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


@contextmanager
def redis_server() -> Iterator[str]:
    """A private redis-server on a free loopback port; yields its URL."""
    if not Path(REDIS_SERVER).exists():
        raise RuntimeError("redis-server is not installed (Debian package redis-server; `make test` installs it)")
    port = free_port()
    process = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        import redis

        client = redis.Redis(host="127.0.0.1", port=port)
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def wait_for_http(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


ADD_PEOPLE = """
import json
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from allauth.account.models import EmailAddress
from paperwire.accounts.tokens import create_token
from paperwire.digests.models import Subscription, SubscriptionStatus
from paperwire.papers.models import DailyEntry
User = get_user_model()
tokens = []
for number in range({voters}):
    user = User.objects.create_user(f"{prefix}{{number}}", f"{prefix}{{number}}@example.org", "a-long-password-123")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    tokens.append(create_token(user, "load")[1])
now = timezone.now()
Subscription.objects.bulk_create(
    Subscription(email=f"reader{{n}}@example.org", status=SubscriptionStatus.ACTIVE, confirmed_at=now)
    for n in range({subscribers})
)
# Recorded lists are old: move the latest {recent_days} to the days before today, so today's
# digest edition has papers to send.
days = sorted(set(DailyEntry.objects.values_list("list_date", flat=True)), reverse=True)[:{recent_days}]
for offset, day in enumerate(days, start=1):
    DailyEntry.objects.filter(list_date=day).update(list_date=(now - timedelta(days=offset)).date())
print(json.dumps(tokens))
"""

ENQUEUE_DIGESTS = """
from paperwire.digests.tasks import send_due_digests_task
for _ in range({copies}):
    send_due_digests_task.enqueue()
"""


@dataclass
class Cluster:
    env: dict[str, str]
    data_dir: Path
    processes: list[subprocess.Popen[Any]] = field(default_factory=list)
    web_urls: list[str] = field(default_factory=list)

    def paperwire(self, *args: str, timeout: float = 600, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-m", "paperwire.cli", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and result.returncode != 0:
            raise RuntimeError(f"paperwire {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def add_people(self, *, voters: int, subscribers: int, prefix: str = "person", recent_days: int = 3) -> list[str]:
        """Verified accounts with API tokens (returned), active subscribers, and recent lists."""
        script = ADD_PEOPLE.format(voters=voters, subscribers=subscribers, prefix=prefix, recent_days=recent_days)
        return list(json.loads(self.paperwire("shell", "-c", script).stdout.strip().splitlines()[-1]))

    def enqueue_digests(self, copies: int = 4) -> None:
        """Queue several digest-sending tasks at once, so workers race for the same edition."""
        self.paperwire("shell", "-c", ENQUEUE_DIGESTS.format(copies=copies))

    def pending_vectors(self) -> int:
        """Papers still waiting for the vector index, from ``paperwire index status``."""
        output = self.paperwire("index", "status").stdout
        for line in output.splitlines():
            if line.strip().startswith("waiting:"):
                return int(line.split(":", 1)[1].split()[0])
        raise RuntimeError(f"cannot read the waiting count from `paperwire index status`:\n{output}")

    def wait_for_index(self, timeout: float = 600) -> None:
        deadline = time.monotonic() + timeout
        while self.pending_vectors() > 0:
            if time.monotonic() > deadline:
                raise TimeoutError("the workers did not finish indexing in time")
            time.sleep(2)

    def _start(self, args: list[str], log_name: str) -> subprocess.Popen[Any]:
        log = open(self.data_dir / f"{log_name}.log", "ab")  # closed when the process exits
        process = subprocess.Popen(
            [sys.executable, "-m", "paperwire.cli", *args], env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        self.processes.append(process)
        return process

    def start_web(self, *, workers: int = 1, prod: bool = True) -> str:
        """Start ``paperwire serve`` on a free port; ``prod=False`` is the embedded mode (web + worker)."""
        port = free_port()
        args = ["serve", "--prod", "--workers", str(workers)] if prod else ["serve"]
        self._start([*args, "--port", str(port)], f"web-{port}")
        url = f"http://127.0.0.1:{port}"
        wait_for_http(f"{url}/healthz")
        self.web_urls.append(url)
        return url

    def start_worker(self, name: str = "worker") -> subprocess.Popen[Any]:
        return self._start(["worker", "--interval", "0.5"], name)

    @staticmethod
    def web_worker_pids(web: subprocess.Popen[Any]) -> list[int]:
        """The gunicorn worker processes (not the master) under a ``serve`` process."""
        pids = []
        for child in psutil.Process(web.pid).children(recursive=True):
            parent = child.parent()
            if parent is not None and "gunicorn" in " ".join(parent.cmdline()) and parent.pid != web.pid:
                pids.append(child.pid)
        return pids

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()


@contextmanager
def scale_out_cluster(**extra_env: str) -> Iterator[Cluster]:
    """PostgreSQL (pgserver) + Redis, migrated; start web and workers through the Cluster."""
    with ExitStack() as stack:
        data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="paperwire-cluster-")))
        database_url = stack.enter_context(pgserver_database())
        redis_url = stack.enter_context(redis_server())
        env = dict(os.environ)
        env.pop("PAPERWIRE_SQLITE_PATH", None)
        env.update(
            PAPERWIRE_DATA_DIR=str(data_dir),
            PAPERWIRE_DATABASE_URL=database_url,
            PAPERWIRE_REDIS_URL=redis_url,
            PAPERWIRE_DEBUG="false",
            PAPERWIRE_SECRET_KEY=secrets.token_urlsafe(50),
            PAPERWIRE_ALLOWED_HOSTS="127.0.0.1,localhost",
        )
        env.update(extra_env)
        cluster = Cluster(env=env, data_dir=data_dir)
        stack.callback(cluster.stop)
        cluster.paperwire("migrate", "--no-input", "-v", "0")
        yield cluster
