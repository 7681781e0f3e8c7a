"""Run paperwire commands in real subprocesses against the test database."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any
from urllib.parse import quote

from django.db import connection


def env_for_test_database() -> dict[str, str]:
    """Environment under which a child process opens the same test database as this one."""
    env = dict(os.environ)
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        env["PAPERWIRE_SQLITE_PATH"] = str(db["NAME"])
        env.pop("PAPERWIRE_DATABASE_URL", None)
    else:
        host = db.get("HOST") or db.get("OPTIONS", {}).get("host", "")
        user = quote(str(db.get("USER") or "postgres"), safe="")
        port = f":{db['PORT']}" if db.get("PORT") else ""
        env["PAPERWIRE_DATABASE_URL"] = f"postgres://{user}@{quote(str(host), safe='')}{port}/{db['NAME']}"
    return env


def run_paperwire(*args: str, timeout: float = 120, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "paperwire.cli", *args],
        env=env_for_test_database(),
        capture_output=True,
        text=True,
        timeout=timeout,
        **kwargs,
    )


def start_paperwire(*args: str, **kwargs: Any) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "paperwire.cli", *args],
        env=env_for_test_database(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        **kwargs,
    )
