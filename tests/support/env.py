"""Test environment, loaded with ``-p tests.support.env`` before Django reads its settings.

pytest-django imports the settings before any conftest.py runs, so these
defaults must come from an early plugin.
"""

import atexit
import os
import shutil
import tempfile

from hypothesis import HealthCheck, settings

# Tests never write into the developer's ./var; scripts/test.sh sets a fresh
# folder per run, this default covers a bare `pytest` (and removes it after).
if "PAPERWIRE_DATA_DIR" not in os.environ:
    _data_dir = tempfile.mkdtemp(prefix="paperwire-test-")
    os.environ["PAPERWIRE_DATA_DIR"] = _data_dir
    atexit.register(shutil.rmtree, _data_dir, ignore_errors=True)
# Tests never reach out to the real arXiv: the ones about enrichment turn it
# on against a local replay (tests.support.arxiv_server).
os.environ.setdefault("PAPERWIRE_ARXIV_ENRICH", "false")
# Every test client shares one address; tests of rate limits switch them on.
os.environ.setdefault("PAPERWIRE_RATELIMIT_ENABLED", "false")
# Playwright's sync API runs an event loop in the main thread; Django must
# still allow ORM calls from the test body.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Property tests on a shared, loaded CI machine: no example may fail for taking
# long (hypothesis' 200 ms deadline, its "too slow" health check), and every run
# tries the same examples, so a run can never fail on one that earlier runs did
# not try. Speed is asserted where it belongs, as the shape of a cost
# (tests/support/cost.py) or in bench/.
settings.register_profile(
    "paperwire", deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile("paperwire")
