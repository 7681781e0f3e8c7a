"""`make run` installs what running needs; the test tools come with the targets that use them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _commands(target: str) -> str:
    # -n: print the commands, run none; -B: as on a fresh checkout, every step due.
    return subprocess.run(["make", "-n", "-B", target], cwd=ROOT, check=True, capture_output=True, text=True).stdout


def test_it_runs_paperwire_without_installing_the_test_tools() -> None:
    run = _commands("run")
    assert "pip install --quiet -e ." in run and "[dev]" not in run
    assert "paperwire serve" in run


@pytest.mark.parametrize("target", ["test", "check", "lint"])
def test_it_installs_the_test_tools_for_the_targets_that_use_them(target: str) -> None:
    assert "-e '.[dev]'" in _commands(target)


def test_it_says_how_to_reach_the_paperwire_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert ".venv/bin/paperwire" in readme and "source .venv/bin/activate" in readme
