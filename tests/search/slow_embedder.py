"""A hashing embedder that stalls on a chosen batch, so a test can kill the indexer mid-batch."""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np

from paperwire.search.embedder import HashingEmbedder


class StallingEmbedder(HashingEmbedder):
    calls = 0

    def embed(self, texts: list[str]) -> np.ndarray:
        type(self).calls += 1
        if type(self).calls == int(os.environ.get("PAPERWIRE_TEST_STALL_AT_BATCH", "0")):
            Path(os.environ["PAPERWIRE_TEST_STALL_MARKER"]).write_text("stalled")
            time.sleep(120)
        return super().embed(texts)
