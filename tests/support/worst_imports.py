"""The review's worst library import, and a clock on every write transaction (tests and bench/import_writes.py).

``keyword_heavy_csl_json`` is CSL JSON whose every item has 30 keywords no
other item has; ``TransactionClock`` measures each transaction from its start
(on SQLite, ``BEGIN IMMEDIATE`` takes the one write lock) to its commit.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import Any

from django.db import connections, transaction

from paperwire.papers.records import PaperRecord
from paperwire.papers.writes import upsert_papers

KEYWORDS_PER_ITEM = 30


def catalogue(count: int) -> list[str]:
    """``count`` papers in the catalogue (2501.00001 …), their ids in order."""
    ids = [f"2501.{number:05d}" for number in range(1, count + 1)]
    records = [PaperRecord(arxiv_id=arxiv_id, version=1, meta={"title": f"Paper {arxiv_id}"}) for arxiv_id in ids]
    with transaction.atomic():
        upsert_papers(records)
    return ids


def keyword_heavy_csl_json(ids: list[str], prefix: str = "kw") -> str:
    """One item per id, each with 30 keywords no other item has (the review's 20,000-tag import)."""
    items = [
        {
            "id": f"item{number}",
            "type": "article",
            "title": f"Paper {arxiv_id}",
            "URL": f"https://arxiv.org/abs/{arxiv_id}",
            "keyword": ", ".join(f"{prefix}{number}x{k}" for k in range(KEYWORDS_PER_ITEM)),
        }
        for number, arxiv_id in enumerate(ids)
    ]
    return json.dumps(items)


class TransactionClock:
    """Seconds from the start of each transaction to its commit, of one thread (``thread``) or of all."""

    def __init__(self, thread: threading.Thread | None = None) -> None:
        self.thread = thread
        self.held: list[float] = []
        self._started: dict[int, float] = {}

    def _watched(self) -> bool:
        return self.thread is None or threading.current_thread() is self.thread

    def install(self) -> Callable[[], None]:
        """Wrap the database wrapper's begin and commit; returns the function that puts them back."""
        wrapper = type(connections["default"])
        real_set_autocommit, real_commit = wrapper.set_autocommit, wrapper.commit
        clock = self

        def set_autocommit(self: Any, autocommit: bool, *args: Any, **kwargs: Any) -> None:
            real_set_autocommit(self, autocommit, *args, **kwargs)
            if not autocommit and clock._watched():  # an outermost atomic block begins
                clock._started[id(self)] = time.perf_counter()

        def commit(self: Any) -> None:
            real_commit(self)
            started = clock._started.pop(id(self), None)
            if started is not None:
                clock.held.append(time.perf_counter() - started)

        wrapper.set_autocommit = set_autocommit  # type: ignore[method-assign]
        wrapper.commit = commit  # type: ignore[method-assign]

        def uninstall() -> None:
            wrapper.set_autocommit = real_set_autocommit  # type: ignore[method-assign]
            wrapper.commit = real_commit  # type: ignore[method-assign]

        return uninstall
