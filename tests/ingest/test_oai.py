from __future__ import annotations

import time
from io import StringIO
from itertools import pairwise
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from paperwire.ingest.models import ImportCheckpoint
from paperwire.papers.models import Paper

pytestmark = pytest.mark.django_db

HEP_EX = ["1706.05371", "1706.09418", "1707.00874"]
HEP_TH = ["1412.8323", "1507.07790", "1607.01710"]


def harvest(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("ingest", "oai", "--quiet", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_it_harvests_every_page_following_resumption_tokens(arxiv_server):
    arxiv_server.serve_oai_pages("arxiv-physics-hep-ex.xml", "arxiv-physics-hep-th.xml")

    out, _ = harvest("--from", "2017-12-14", "--set", "physics:hep-th")

    assert out == "added 6, updated 0, unchanged 0, rejected 0"
    assert sorted(Paper.objects.values_list("arxiv_id", flat=True)) == sorted(HEP_EX + HEP_TH)
    first, second = arxiv_server.requests
    assert first[1] == {"verb": "ListRecords", "metadataPrefix": "arXiv", "from": "2017-12-14", "set": "physics:hep-th"}
    assert second[1] == {"verb": "ListRecords", "resumptionToken": "paperwire-test-page-2"}
    paper = Paper.objects.get(arxiv_id="1507.07790")
    assert paper.authors == ["Luis B. Castro", "Edilberto O. Silva"]
    assert paper.categories == ["hep-th", "math-ph", "math.MP", "quant-ph"]
    assert paper.journal_ref == "J. Phys. A: Math. Theor. 51 (2018) 035201"
    assert paper.published is not None and paper.published.date().isoformat() == "2015-07-28"
    assert not ImportCheckpoint.objects.exists()


def test_it_resumes_a_killed_harvest_from_the_saved_token(arxiv_server):
    arxiv_server.serve_oai_pages("arxiv-physics-hep-ex.xml", "arxiv-physics-hep-th.xml")
    # Page 2 keeps failing: the harvester gives up after bounded retries, as if killed after page 1.
    original_answer = arxiv_server.answer
    failures_left = {"page 2": 5}

    def answer(path, query):
        if "resumptionToken" in query and failures_left["page 2"] > 0:
            failures_left["page 2"] -= 1
            return 500, {}, b"Internal Server Error"
        return original_answer(path, query)

    arxiv_server.answer = answer
    with pytest.raises(CommandError, match="gave up after 5 attempts: HTTP 500; run the same command again"):
        harvest()
    assert sorted(Paper.objects.values_list("arxiv_id", flat=True)) == sorted(HEP_EX)
    assert ImportCheckpoint.objects.get(source="oai").token == "paperwire-test-page-2"

    arxiv_server.requests.clear()
    out, err = harvest()

    assert "resuming an interrupted import" in err
    assert out == "added 3, updated 0, unchanged 0, rejected 0"
    assert arxiv_server.requests[0][1] == {"verb": "ListRecords", "resumptionToken": "paperwire-test-page-2"}
    assert sorted(Paper.objects.values_list("arxiv_id", flat=True)) == sorted(HEP_EX + HEP_TH)


def test_it_waits_out_a_503_with_retry_after(arxiv_server):
    arxiv_server.serve_oai_pages("arxiv-physics-hep-th.xml")
    arxiv_server.fail_next(503, times=2, retry_after=0)

    out, _ = harvest()

    assert out == "added 3, updated 0, unchanged 0, rejected 0"
    assert len(arxiv_server.requests) == 3


def test_it_marks_deleted_records_withdrawn(arxiv_server, shared_data: Path):
    arxiv_server.serve_oai_pages("arxiv-physics-hep-th.xml")
    harvest()
    recorded = (shared_data / "arxiv" / "oai" / "arxiv-physics-hep-th.xml").read_bytes()
    start = recorded.index(b"<record>")
    end = recorded.index(b"</record>") + len(b"</record>")
    deleted = (
        b'<record><header status="deleted"><identifier>oai:arXiv.org:1412.8323</identifier>'
        b"<datestamp>2017-12-15</datestamp></header></record>"
    )
    arxiv_server.serve_oai_pages(recorded[:start] + deleted + recorded[end:])

    out, _ = harvest()

    assert out == "added 0, updated 1, unchanged 2, rejected 0"
    assert list(Paper.objects.filter(withdrawn=True).values_list("arxiv_id", flat=True)) == ["1412.8323"]


def test_it_stops_with_a_clear_message_when_the_token_expired(arxiv_server):
    arxiv_server.serve_oai_pages("arxiv-physics-hep-th.xml")
    ImportCheckpoint.objects.create(
        source="oai", key=f"{arxiv_server.oai_url}|from=|until=|set=", token="stale", position=3
    )

    with pytest.raises(CommandError, match="--restart"):
        harvest()
    out, _ = harvest("--restart")
    assert out == "added 3, updated 0, unchanged 0, rejected 0"


def test_it_keeps_one_request_per_interval_while_retrying(arxiv_server, settings):
    settings.ARXIV_REQUEST_INTERVAL = 0.1
    arxiv_server.serve_oai_pages("arxiv-physics-hep-th.xml")
    arxiv_server.fail_next(503, times=2)
    original_answer, asked_at = arxiv_server.answer, []

    def answer(path, query):
        asked_at.append(time.monotonic())
        return original_answer(path, query)

    arxiv_server.answer = answer
    out, _ = harvest()

    assert out == "added 3, updated 0, unchanged 0, rejected 0"
    assert len(asked_at) == 3
    # Measured on arrival, so allow for the first connection being a little slower to set up.
    assert all(later - earlier >= 0.075 for earlier, later in pairwise(asked_at))
