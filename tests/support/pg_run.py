"""Run a command against a throw-away PostgreSQL 16 + pgvector from ``pgserver``.

``python -m tests.support.pg_run pytest -q`` starts a private server in a
temporary folder (no root, no apt), points ``PAPERWIRE_DATABASE_URL`` at it,
runs the command, and stops the server whatever the command's outcome.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

# pgserver logs from an atexit hook, after pytest has closed its captured
# streams; keep its chatter out of the root logger.
logging.getLogger("pgserver").propagate = False


@contextmanager
def pgserver_database(data_dir: str | None = None) -> Iterator[str]:
    """A running PostgreSQL with pgvector; yields its ``postgres://`` URL (unix socket)."""
    import pgserver

    with tempfile.TemporaryDirectory(prefix="paperwire-pg-") as temp_dir:
        socket_dir = data_dir or temp_dir
        server = pgserver.get_server(socket_dir, cleanup_mode="stop")
        try:
            server.psql("CREATE EXTENSION IF NOT EXISTS vector;")
            yield f"postgres://postgres@{quote(socket_dir, safe='')}/postgres"
        finally:
            server.cleanup()


def main(argv: list[str]) -> int:
    if not argv:
        sys.stderr.write("usage: python -m tests.support.pg_run COMMAND [ARGS...]\n")
        return 2
    with pgserver_database() as url:
        env = dict(os.environ, PAPERWIRE_DATABASE_URL=url)
        sys.stdout.write("paperwire: PostgreSQL 16 + pgvector from pgserver\n")
        sys.stdout.flush()
        return subprocess.call(argv, env=env)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
