"""Every PAPERWIRE_* variable the code reads is documented for admins."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEST_HOOKS = {"PAPERWIRE_TEST_STALL_AT_BATCH", "PAPERWIRE_TEST_STALL_MARKER", "PAPERWIRE_PG_SOCKET_DIR"}


def test_it_documents_every_variable_the_code_reads() -> None:
    used: set[str] = set()
    for path in (ROOT / "paperwire").rglob("*.py"):
        if "tests" in path.parts:
            continue
        used.update(re.findall(r"\"(PAPERWIRE_[A-Z0-9_]+)\"", path.read_text()))
    documented = set(re.findall(r"PAPERWIRE_[A-Z0-9_]+", (ROOT / "docs" / "settings.md").read_text()))

    missing = sorted(used - documented - TEST_HOOKS)

    assert missing == [], f"add these to docs/settings.md: {missing}"
