"""Run a command against a throw-away PostgreSQL 16 + pgvector from ``pgserver``.

``python -m paperwire.testing.pg_run pytest -q`` starts a private server in a
temporary folder (no root, no apt), points ``PAPERWIRE_DATABASE_URL`` at it,
runs the command, and stops the server whatever the command's outcome.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from urllib.parse import quote


def main(argv: list[str]) -> int:
    if not argv:
        sys.stderr.write("usage: python -m paperwire.testing.pg_run COMMAND [ARGS...]\n")
        return 2
    import pgserver

    with tempfile.TemporaryDirectory(prefix="paperwire-pg-") as data_dir:
        server = pgserver.get_server(data_dir, cleanup_mode="stop")
        try:
            server.psql("CREATE EXTENSION IF NOT EXISTS vector;")
            socket_dir = data_dir
            env = dict(os.environ)
            env["PAPERWIRE_DATABASE_URL"] = f"postgres://postgres@{quote(socket_dir, safe='')}/postgres"
            env["PAPERWIRE_PG_SOCKET_DIR"] = socket_dir
            sys.stdout.write(f"paperwire: PostgreSQL from pgserver at {socket_dir}\n")
            sys.stdout.flush()
            return subprocess.call(argv, env=env)
        finally:
            server.cleanup()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
