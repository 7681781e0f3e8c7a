"""Keep the garbage collector's full passes out of write transactions.

A full (generation 2) collection walks every object the process holds; in a
process that has just read a 5,000-entry import that takes a few hundred
milliseconds, and when it falls inside a transaction SQLite's one write lock
is held throughout (bench/import_writes.py saw 300–500 ms once per import).
A loop of short transactions runs inside ``deferred_collection()``: the
collector waits until the loop is done. Reference counting still frees
everything that is not in a cycle meanwhile.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def deferred_collection() -> Iterator[None]:
    """No automatic garbage collection inside the block (process-wide, so keep the block short)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
