from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from paperwire.ingest.models import ImportCheckpoint
from paperwire.papers.models import Paper
from tests.ingest.crash import sigkill_while_arxiv_holds

HEP_EX = ["1706.05371", "1706.09418", "1707.00874"]
HEP_TH = ["1412.8323", "1507.07790", "1607.01710"]


def test_it_resumes_after_the_process_is_killed_with_sigkill(arxiv_server, transactional_db, monkeypatch):
    arxiv_server.serve_oai_pages("arxiv-physics-hep-ex.xml", "arxiv-physics-hep-th.xml")
    monkeypatch.setenv("PAPERWIRE_ARXIV_OAI_URL", arxiv_server.oai_url)
    monkeypatch.setenv("PAPERWIRE_ARXIV_REQUEST_INTERVAL", "0")

    # Page 1 is committed before page 2 is requested; kill the harvester while it waits.
    sigkill_while_arxiv_holds(arxiv_server, lambda path, query: "resumptionToken" in query, "ingest", "oai", "--quiet")

    assert sorted(Paper.objects.values_list("arxiv_id", flat=True)) == sorted(HEP_EX)
    assert ImportCheckpoint.objects.get(source="oai").token == "paperwire-test-page-2"

    out, err = StringIO(), StringIO()
    call_command("ingest", "oai", "--quiet", stdout=out, stderr=err)

    assert "resuming an interrupted import" in err.getvalue()
    assert out.getvalue().strip() == "added 3, updated 0, unchanged 0, rejected 0"
    assert sorted(Paper.objects.values_list("arxiv_id", flat=True)) == sorted(HEP_EX + HEP_TH)
    assert not ImportCheckpoint.objects.exists()
