from __future__ import annotations

import signal
import threading
from io import StringIO

from django.core.management import call_command

from paperwire.ingest.models import ImportCheckpoint
from paperwire.papers.models import Paper
from paperwire.testing.processes import start_paperwire

HEP_EX = ["1706.05371", "1706.09418", "1707.00874"]
HEP_TH = ["1412.8323", "1507.07790", "1607.01710"]


def test_it_resumes_after_the_process_is_killed_with_sigkill(arxiv_server, transactional_db, monkeypatch):
    arxiv_server.serve_oai_pages("arxiv-physics-hep-ex.xml", "arxiv-physics-hep-th.xml")
    page_2_asked, release = threading.Event(), threading.Event()
    original_answer = arxiv_server.answer

    def hold_page_2(path, query):
        if "resumptionToken" in query and not release.is_set():
            page_2_asked.set()
            release.wait(timeout=30)
        return original_answer(path, query)

    arxiv_server.answer = hold_page_2
    monkeypatch.setenv("PAPERWIRE_ARXIV_OAI_URL", arxiv_server.oai_url)
    monkeypatch.setenv("PAPERWIRE_ARXIV_REQUEST_INTERVAL", "0")

    child = start_paperwire("ingest", "oai", "--quiet")
    try:
        # Page 1 is committed before page 2 is requested; kill the harvester while it waits.
        assert page_2_asked.wait(timeout=60), child.stdout.read() if child.stdout else ""
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        release.set()
        if child.poll() is None:
            child.kill()

    assert sorted(Paper.objects.values_list("arxiv_id", flat=True)) == sorted(HEP_EX)
    assert ImportCheckpoint.objects.get(source="oai").token == "paperwire-test-page-2"

    out, err = StringIO(), StringIO()
    call_command("ingest", "oai", "--quiet", stdout=out, stderr=err)

    assert "resuming an interrupted import" in err.getvalue()
    assert out.getvalue().strip() == "added 3, updated 0, unchanged 0, rejected 0"
    assert sorted(Paper.objects.values_list("arxiv_id", flat=True)) == sorted(HEP_EX + HEP_TH)
    assert not ImportCheckpoint.objects.exists()
