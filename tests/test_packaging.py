"""What an admin installs: the built wheel carries paperwire and its data, never the tests or their support code."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    # Built from a copy: a build in the checkout would leave build/ behind and race a second run beside it.
    source = tmp_path_factory.mktemp("source")
    shutil.copy(ROOT / "pyproject.toml", source)
    shutil.copy(ROOT / "README.md", source)
    shutil.copytree(ROOT / "paperwire", source / "paperwire", ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = out.glob("paperwire-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()


def test_the_wheel_holds_no_test_code(wheel_names: list[str]) -> None:
    tests = [name for name in wheel_names if "/tests/" in name or name.startswith("tests/") or "/testing/" in name]
    assert tests == []
    assert not any(name.endswith("conftest.py") for name in wheel_names)
    # Nothing the package ships may need a test tool to import.
    assert not any("aiosmtpd" in name or "pytest" in name for name in wheel_names)


def test_the_wheel_holds_the_app_its_templates_and_the_demo_corpus(wheel_names: list[str]) -> None:
    assert "paperwire/cli.py" in wheel_names
    assert "paperwire/data/demo-daily.jsonl.gz" in wheel_names
    assert "paperwire/templates/base.html" in wheel_names
    assert any(name.startswith("paperwire/front/templates/front/") for name in wheel_names)
    assert any(name.startswith("paperwire/library/migrations/") for name in wheel_names)
