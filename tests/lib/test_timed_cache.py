"""The per-process cache behind word counts and For-you candidate indexes."""

from __future__ import annotations

import pytest

from paperwire.lib import timed_cache
from paperwire.lib.timed_cache import TimedCache


def test_it_forgets_an_entry_once_it_is_older_than_its_time(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]
    monkeypatch.setattr(timed_cache.time, "monotonic", lambda: now[0])
    cache: TimedCache[str, int] = TimedCache(size=4, seconds=60)
    cache.put("model", 8001)
    now[0] += 59
    assert cache.get("model") == 8001
    now[0] += 1
    assert cache.get("model") is None


def test_it_drops_the_least_recently_used_entry_when_full() -> None:
    cache: TimedCache[str, int] = TimedCache(size=2, seconds=60)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # "b" is now the least recently used
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (1, None, 3)
    cache.clear()
    assert cache.get("a") is None
