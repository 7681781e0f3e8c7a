"""Test environment, loaded with ``-p paperwire.testing.env`` before Django reads its settings.

pytest-django imports the settings before any conftest.py runs, so these
defaults must come from an early plugin.
"""

import os
import tempfile

# Tests never write into the developer's ./var; scripts/test.sh sets a fresh
# folder per run, this default covers a bare `pytest`.
os.environ.setdefault("PAPERWIRE_DATA_DIR", tempfile.mkdtemp(prefix="paperwire-test-"))
# Every test client shares one address; tests of rate limits switch them on.
os.environ.setdefault("PAPERWIRE_RATELIMIT_ENABLED", "false")
# Playwright's sync API runs an event loop in the main thread; Django must
# still allow ORM calls from the test body.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
