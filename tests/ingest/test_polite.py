"""arXiv's one-request-per-interval rule holds for threads asking at once."""

from __future__ import annotations

import threading
import time

from paperwire.ingest import polite


def test_it_spaces_concurrent_turns_by_the_interval_without_holding_the_lock(settings) -> None:
    settings.ARXIV_REQUEST_INTERVAL = 0.2
    polite.wait_turn()  # whatever came before, the next turns are spaced from this one
    turns: list[float] = []
    lock_free_while_waiting: list[bool] = []

    def ask() -> None:
        polite.wait_turn()
        turns.append(time.monotonic())

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for thread in threads:
        thread.start()
    time.sleep(0.1)
    # Others are sleeping towards their turns; the lock is free meanwhile.
    lock_free_while_waiting.append(polite._lock.acquire(timeout=0.01))
    polite._lock.release()
    for thread in threads:
        thread.join()

    gaps = [later - earlier for earlier, later in zip(sorted(turns), sorted(turns)[1:], strict=False)]
    assert all(gap >= 0.19 for gap in gaps), gaps
    assert lock_free_while_waiting == [True]
