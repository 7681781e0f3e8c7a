"""Shared fixtures: a real SMTP server, Debian's Chromium, the shared data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["tests.support.smtp", "tests.support.browser", "tests.support.arxiv_server"]

SHARED_DATA = Path(__file__).resolve().parent.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data, or a clean skip when this checkout has none beside it."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present beside this checkout")
    return SHARED_DATA


@pytest.fixture(autouse=True)
def fresh_for_you_candidates() -> object:
    """Each test's For you ranks its own papers: drop the candidate set an earlier test prepared."""
    yield
    import shutil

    from paperwire.library import candidate_store

    if candidate_store.store_dir().exists():
        shutil.rmtree(candidate_store.store_dir(), ignore_errors=True)
    candidate_store.forget_loaded()
