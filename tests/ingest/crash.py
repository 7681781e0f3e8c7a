"""Simulate a kill in the middle of an import: the Nth batch never gets written, or a real SIGKILL."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from typing import Any

from paperwire.papers import writes
from tests.support.processes import start_paperwire


def crash_on_batch(monkeypatch: Any, number: int) -> Any:
    """Make the ``number``-th batch of the next import raise KeyboardInterrupt (as Ctrl-C would).

    Returns the real upsert function, to put back before the rerun.
    """
    real_upsert = writes.upsert_papers
    calls = {"n": 0}

    def upsert_or_crash(records: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == number:
            raise KeyboardInterrupt("killed")
        return real_upsert(records)

    monkeypatch.setattr("paperwire.ingest.runner.upsert_papers", upsert_or_crash)
    return real_upsert


def sigkill_while_arxiv_holds(arxiv_server: Any, hold: Callable[[str, dict[str, Any]], bool], *command: str) -> None:
    """Run ``paperwire COMMAND`` and SIGKILL it while the replayed arXiv holds the first answer ``hold`` picks.

    Whatever the command committed before that request is in the database;
    the held request never completes, as when a worker dies mid-run.
    """
    asked, release = threading.Event(), threading.Event()
    original_answer = arxiv_server.answer

    def answer_or_hold(path: str, query: dict[str, Any]) -> Any:
        if not release.is_set() and hold(path, query):
            asked.set()
            release.wait(timeout=30)
        return original_answer(path, query)

    arxiv_server.answer = answer_or_hold
    child = start_paperwire(*command)
    try:
        assert asked.wait(timeout=60), child.stdout.read() if child.stdout else ""
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        release.set()
        arxiv_server.answer = original_answer
        if child.poll() is None:
            child.kill()
