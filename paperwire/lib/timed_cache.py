"""A small per-process cache: the newest entries, each for a limited time.

For values that are costly to compute, cheap to keep, and allowed to be a
little old (a word's document count, a candidate index). Thread-safe; two
threads that miss at once both compute, and the later answer is kept.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

Key = TypeVar("Key", bound=Hashable)
Value = TypeVar("Value")


class TimedCache(Generic[Key, Value]):
    """At most ``size`` entries, least recently used out first, each valid for ``seconds``."""

    def __init__(self, size: int, seconds: float) -> None:
        self.size = size
        self.seconds = seconds
        self._entries: OrderedDict[Key, tuple[float, Value]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Key) -> Value | None:
        """The value kept for ``key`` if it is younger than ``seconds``, else None."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or time.monotonic() - entry[0] >= self.seconds:
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key: Key, value: Value) -> None:
        with self._lock:
            self._entries[key] = (time.monotonic(), value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
