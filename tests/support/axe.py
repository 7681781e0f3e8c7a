"""Accessibility checks with axe-core, run inside the page through Playwright.

axe-core is vendored (``vendor/axe.min.js``, from npm's ``axe-core`` package,
MPL-2.0, licence alongside) so the check never needs the network. The page's
Content-Security-Policy forbids injected scripts, so pages to check are
opened in a context made with ``bypass_csp=True`` (see ``axe_page``).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

AXE_SCRIPT = Path(__file__).parent / "vendor" / "axe.min.js"
# What "must fix" means here: axe's two highest impact levels.
BLOCKING_IMPACTS = frozenset({"serious", "critical"})


@cache
def _axe_source() -> str:
    return AXE_SCRIPT.read_text(encoding="utf-8")


@pytest.fixture
def axe_page(chromium: Any) -> Iterator[Any]:
    """A page whose context lets the axe script in despite the site's CSP."""
    context = chromium.new_context(viewport={"width": 1200, "height": 900}, bypass_csp=True)
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def blocking_violations(page: Any) -> list[str]:
    """One readable line per serious or critical axe violation on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=_axe_source())
    results = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations'],"
        " runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    lines = []
    for violation in results["violations"]:
        if violation["impact"] not in BLOCKING_IMPACTS:
            continue
        targets = [" ".join(node["target"]) for node in violation["nodes"][:5]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {targets}")
    return lines
