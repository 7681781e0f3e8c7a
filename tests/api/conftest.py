"""Fixtures of the API tests: a few real HF daily files, imported by the real importer."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

# huggingface_hub reads these at import time: never use a token or the
# network of the machine running the tests, never phone home.
os.environ["HF_HUB_OFFLINE"] = "0"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ.pop("HF_TOKEN", None)

# Two list days of one ISO week and month (2025-W24, June 2025), with
# submittedOnDailyAt, and one day from before HF recorded it.
HF_DAYS = ["2024-05-27", "2025-06-09", "2025-06-10"]


@pytest.fixture(autouse=True)
def rate_limits_and_response_cache_off(settings: Any) -> None:
    """Off unless a test turns them on.

    (The root conftest's PAPERWIRE_RATELIMIT_ENABLED=false is set after
    pytest-django has already read the settings, so it does not apply.)
    """
    settings.RATELIMIT_ENABLED = False
    # Every request sees the data as it is now (test_response_cache.py turns it on).
    settings.API_CACHE_SECONDS = 0


@pytest.fixture
def hf_files(shared_data: Path, tmp_path: Path) -> dict[str, list[dict[str, Any]]]:
    """The HF answers of HF_DAYS, copied to a folder of their own, by day."""
    folder = tmp_path / "hf-daily"
    folder.mkdir()
    answers = {}
    for day in HF_DAYS:
        source = shared_data / "hf-daily" / f"{day}.json"
        shutil.copy(source, folder / source.name)
        answers[day] = json.loads(source.read_text())
    return answers


@pytest.fixture
def imported_hf(hf_files: dict[str, list[dict[str, Any]]], tmp_path: Path) -> dict[str, list[dict[str, Any]]]:
    """HF_DAYS imported with ``paperwire ingest hf-daily``; returns the raw answers by day."""
    call_command("ingest", "hf-daily", str(tmp_path / "hf-daily"), verbosity=0)
    return hf_files
