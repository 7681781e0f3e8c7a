"""The collector waits while a loop of short write transactions runs, and comes back as it was."""

from __future__ import annotations

import gc

from paperwire.lib.gc_pauses import deferred_collection


def test_it_defers_collection_inside_the_block_and_restores_it() -> None:
    assert gc.isenabled()
    with deferred_collection():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_it_leaves_a_disabled_collector_disabled() -> None:
    gc.disable()
    try:
        with deferred_collection():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
