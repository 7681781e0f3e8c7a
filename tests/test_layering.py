"""The import contract of docs/architecture.md: it holds on the code, and it catches an arrow against the flow."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is not installed")


def run_contract(project: Path) -> subprocess.CompletedProcess[str]:
    # PYTHONPATH first, so the copy under test shadows the installed package.
    env = dict(os.environ, PYTHONPATH=str(project))
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=project, env=env, capture_output=True, text=True, timeout=120
    )


def copy_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    shutil.copytree(ROOT / "paperwire", project / "paperwire", ignore=shutil.ignore_patterns("__pycache__", "data"))
    return project


def test_it_keeps_the_layering_of_the_code_base(tmp_path: Path) -> None:
    result = run_contract(copy_project(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_it_fails_when_a_domain_app_imports_a_page(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    models = project / "paperwire" / "papers" / "models.py"
    models.write_text(models.read_text() + "\nfrom paperwire.front.views import lists  # noqa: E402\n")

    result = run_contract(project)

    assert result.returncode != 0
    assert "paperwire.papers is not allowed to import paperwire.front" in result.stdout
    assert "paperwire.papers.models -> paperwire.front.views.lists" in result.stdout
