"""A frozen clock and pinned trending constants, for tests that assert a trending order.

Import the fixture into a test module to use it there:
``from tests.papers.trending_clock import NOW, trending_clock  # noqa: F401``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def trending_clock(settings: Any) -> Iterator[None]:
    settings.TRENDING_GRAVITY = 1.8
    settings.TRENDING_COMMENT_WEIGHT = 2.0
    with time_machine.travel(NOW, tick=False):
        yield
