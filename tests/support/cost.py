"""Speed checks that a loaded machine cannot fail: the shape of a cost, not its seconds.

A test that asserts "under 200 ms" passes on an idle laptop and fails on a
shared CI machine. What a test can assert whatever the load is how the cost
grows: a linear routine takes about twice as long on twice the input, a
quadratic one four times. Speed targets themselves live in ``bench/``.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

# Doubling a linear routine's input doubles its cost; 3x leaves room for noise,
# 4x is what a quadratic one takes.
LINEAR_GROWTH = 3.0
# Below this, a measurement is noise (a scheduler tick, a cache miss).
NOISE_S = 0.02


def cpu_seconds(work: Callable[[T], object], argument: T, *, repeat: int = 3) -> float:
    """The least CPU time of this thread over ``repeat`` runs (other processes do not count)."""
    best = float("inf")
    for _ in range(repeat):
        # A full collection of the session's heap can land inside a run: the session's cost, not the routine's.
        gc.disable()
        try:
            start = time.thread_time()
            work(argument)
            best = min(best, time.thread_time() - start)
        finally:
            gc.enable()
    return best


def assert_grows_linearly(work: Callable[[T], object], half: T, whole: T, *, ceiling_s: float) -> None:
    """``work(whole)`` (twice the size of ``half``) costs at most 3x ``work(half)``, and under ``ceiling_s``.

    ``ceiling_s`` is meant as ten times the target, to catch a routine that is
    linear but hopelessly slow without failing on a busy machine.
    """
    small = cpu_seconds(work, half)
    large = cpu_seconds(work, whole)
    assert large <= LINEAR_GROWTH * small + NOISE_S, (
        f"{large * 1000:.0f} ms on 2x the input after {small * 1000:.0f} ms"
    )
    assert large < ceiling_s, f"{large * 1000:.0f} ms, over the ceiling of {ceiling_s * 1000:.0f} ms"
