"""Shared fixtures: a real SMTP server, Debian's Chromium, the shared data folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Tests never write into the developer's ./var; scripts/test.sh sets a fresh
# folder per run, this default covers a bare `pytest`.
os.environ.setdefault("PAPERWIRE_DATA_DIR", tempfile.mkdtemp(prefix="paperwire-test-"))
os.environ.setdefault("PAPERWIRE_RATELIMIT_ENABLED", "false")
# Playwright's sync API runs an event loop in the main thread; Django must
# still allow ORM calls from the test body.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["paperwire.testing.smtp", "paperwire.testing.browser", "paperwire.testing.arxiv_server"]

SHARED_DATA = Path(__file__).resolve().parent.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data, or a clean skip when this checkout has none beside it."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present beside this checkout")
    return SHARED_DATA
