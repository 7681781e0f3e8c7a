"""Keeps the SQLite FTS5 triggers alive across other apps' migrations.

On SQLite, Django alters a table by re-creating it, which silently drops
the triggers this app put on ``papers_paper``. After every ``migrate`` this
re-creates any missing trigger and re-fills the full-text table from the
catalogue, so keyword search never goes stale without anyone noticing.
"""

from __future__ import annotations

import importlib
import logging

from django.db import connections
from django.db.utils import OperationalError

logger = logging.getLogger(__name__)

TRIGGERS = ("search_paper_fts_ai", "search_paper_fts_ad", "search_paper_fts_au")


def ensure_fts_triggers(using: str = "default") -> bool:
    """Re-create missing triggers (and re-fill the index); True when a repair was needed."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    migration = importlib.import_module("paperwire.search.migrations.0001_initial")
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
            names = {row[0] for row in cursor.fetchall()}
            if "search_paper_fts" not in names or "papers_paper" not in names:
                return False  # not migrated yet (or migrated backwards)
            if all(trigger in names for trigger in TRIGGERS):
                return False
            logger.warning("search: full-text triggers were missing (a table was re-created); repairing")
            for statement in migration.SQLITE_BACKWARD:
                cursor.execute(statement)
            for statement in migration.SQLITE_FORWARD:
                cursor.execute(statement)
    except OperationalError:
        logger.exception("search: could not repair the full-text triggers")
        return False
    return True
