"""Search tests use the hashing embedder (no model load) and a private index folder each."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache

from paperwire.search.ann import forget_loaded_indexes
from paperwire.search.keyword import forget_term_counts
from paperwire.search.vocabulary import forget_vocabulary

HASHING = "paperwire.search.embedder.HashingEmbedder"


@pytest.fixture(autouse=True)
def search_setup(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.EMBEDDER = HASHING
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    forget_loaded_indexes()
    forget_vocabulary()
    forget_term_counts()
    cache.clear()
    yield
    forget_loaded_indexes()
    forget_vocabulary()
    forget_term_counts()
    cache.clear()
