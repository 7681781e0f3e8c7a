"""Simulate a kill in the middle of an import: the Nth batch never gets written."""

from __future__ import annotations

from typing import Any

from paperwire.ingest import upsert


def crash_on_batch(monkeypatch: Any, number: int) -> Any:
    """Make the ``number``-th batch of the next import raise KeyboardInterrupt (as Ctrl-C would).

    Returns the real upsert function, to put back before the rerun.
    """
    real_upsert = upsert.upsert_papers
    calls = {"n": 0}

    def upsert_or_crash(records: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == number:
            raise KeyboardInterrupt("killed")
        return real_upsert(records)

    monkeypatch.setattr("paperwire.ingest.runner.upsert_papers", upsert_or_crash)
    return real_upsert
