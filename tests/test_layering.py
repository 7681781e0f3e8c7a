"""docs/architecture.md's layers hold in imports, URL names and templates, and catch an arrow against the flow."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

needs_linter = pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is not installed")


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


@needs_linter
def test_it_keeps_the_layering_of_the_code_base(tmp_path: Path) -> None:
    result = run_contract(copy_project(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@needs_linter
def test_it_fails_when_a_domain_app_imports_a_page(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    models = project / "paperwire" / "papers" / "models.py"
    models.write_text(models.read_text() + "\nfrom paperwire.front.views import lists  # noqa: E402\n")

    result = run_contract(project)

    assert result.returncode != 0
    assert "paperwire.papers is not allowed to import paperwire.front" in result.stdout
    assert "paperwire.papers.models -> paperwire.front.views.lists" in result.stdout


# --- the same layering in URL names and templates ---------------------------------------------
#
# import-linter reads Python imports only; a domain app can still depend on a page above it
# through a string: reverse("front:…"), {% url 'feeds:…' %}, {% include "front/…" %}. These
# tests read those strings and hold them to the layers of pyproject.toml.

# Django's permalink convention, the one documented exception (docs/architecture.md).
ALLOWED = {("paperwire/papers/models.py", 'reverse("front:paper')}

_REFERENCE = re.compile(
    r"""reverse(?:_lazy)?\(\s*["'](?P<reversed>[a-z_]+):\w*"""
    r"""|\{%\s*url\s+["'](?P<url>[a-z_]+):\w*"""
    r"""|\{%\s*(?:include|extends)\s+["'](?P<template>[a-z_]+)/"""
)


def _layers(project: Path) -> dict[str, int]:
    """Each app's height: higher layers may name lower ones, never the reverse or a sibling."""
    config = tomllib.loads((project / "pyproject.toml").read_text())
    layers = config["tool"]["importlinter"]["contracts"][0]["layers"]
    return {
        name.strip().removeprefix("paperwire."): len(layers) - index
        for index, line in enumerate(layers)
        for name in line.split("|")
    }


def _owners(project: Path, apps: Iterable[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Which app owns each URL namespace (its app_name) and each template folder."""
    namespaces: dict[str, str] = {}
    folders: dict[str, str] = {}
    for app in apps:
        urls = project / "paperwire" / app / "urls.py"
        found = re.search(r"""app_name\s*=\s*["']([a-z_]+)["']""", urls.read_text()) if urls.exists() else None
        if found:
            namespaces[found.group(1)] = app
        templates = project / "paperwire" / app / "templates"
        for folder in templates.iterdir() if templates.is_dir() else ():
            folders[folder.name] = app
    return namespaces, folders


def upward_references(project: Path) -> list[str]:
    heights = _layers(project)
    namespaces, folders = _owners(project, heights)
    found = []
    for app, height in heights.items():
        for path in sorted((project / "paperwire" / app).rglob("*")):
            if path.suffix not in (".py", ".html", ".txt") or "migrations" in path.parts:
                continue
            relative = path.relative_to(project).as_posix()
            for number, line in enumerate(path.read_text().splitlines(), 1):
                for match in _REFERENCE.finditer(line):
                    target = namespaces.get(match["reversed"] or match["url"] or "") or folders.get(
                        match["template"] or ""
                    )
                    if target is None or target == app or heights[target] < height:
                        continue
                    if (relative, match.group(0)) not in ALLOWED:
                        found.append(f"{relative}:{number}: {app} names {target}: {match.group(0)}")
    return found


def test_no_domain_app_names_a_url_or_template_above_it() -> None:
    assert upward_references(ROOT) == []


def test_the_permalink_is_the_one_allowed_exception() -> None:
    text = (ROOT / "paperwire" / "papers" / "models.py").read_text()
    assert 'reverse("front:paper"' in text


@pytest.mark.parametrize(
    ("path", "planted", "expected"),
    [
        ("community/templates/community/submit.html", "{% url 'front:profile' 'x' %}", "community names front"),
        ("search/saved.py", 'X = reverse("feeds:search")', "search names feeds"),
        (
            "library/templates/library/_follow_button.html",
            '{% include "front/_save_button.html" %}',
            "library names front",
        ),
        ("papers/authors.py", 'X = reverse_lazy("library:save")', "papers names library"),
        ("community/views.py", 'X = reverse("search:save")', "community names search"),  # siblings
        ("digests/templates/digests/subscribe.html", '{% extends "front/base.html" %}', "digests names front"),
    ],
)
def test_it_catches_a_name_that_points_up_or_sideways(tmp_path: Path, path: str, planted: str, expected: str) -> None:
    project = copy_project(tmp_path)
    target = project / "paperwire" / path
    target.write_text(target.read_text() + "\n" + planted + "\n")

    found = upward_references(project)

    assert len(found) == 1 and expected in found[0], found


def test_a_page_may_name_any_app_below_it(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    view = project / "paperwire" / "front" / "views" / "lists.py"
    view.write_text(view.read_text() + '\nX = reverse("library:save")\n')
    assert upward_references(project) == []
