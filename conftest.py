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
