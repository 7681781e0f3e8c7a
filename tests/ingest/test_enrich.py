"""arXiv metadata for papers that lack it, from a local arXiv over HTTP (recorded and synthesized answers)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO
from itertools import chain

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from paperwire.ingest.enrich import EnrichResult, enrich, enrich_periodically
from paperwire.ops.schedule import registered_jobs
from paperwire.papers.models import Paper, PaperEvent
from tests.ingest.crash import sigkill_while_arxiv_holds

pytestmark = pytest.mark.django_db


def _hf_papers(count: int, start: int = 1) -> list[str]:
    """Papers as a Hugging Face import leaves them: title and abstract, no arXiv metadata."""
    ids = [f"2401.{n:05d}" for n in range(start, start + count)]
    Paper.objects.bulk_create(
        [Paper(arxiv_id=arxiv_id, title=f"Paper {arxiv_id}", abstract="Text.") for arxiv_id in ids]
    )
    return ids


def _asked(arxiv_server) -> list[list[str]]:
    return [query["id_list"].split(",") for path, query in arxiv_server.requests if path == "/api/query"]


def test_it_fills_the_arxiv_metadata_of_imported_papers_100_ids_a_request(arxiv_server):
    arxiv_server.synthesize_api()
    ids = _hf_papers(150)

    result = enrich()

    assert [len(batch) for batch in _asked(arxiv_server)] == [100, 50]
    assert sorted(chain.from_iterable(_asked(arxiv_server))) == ids
    assert (result.requests, result.found, result.unknown) == (2, 150, 0)
    paper = Paper.objects.get(arxiv_id="2401.00007")
    assert (paper.primary_category, paper.categories) == ("math.CO", ["math.CO", "math.ST"])
    assert paper.comments == "20 pages, 3 figures"
    assert paper.authors == ["Caprice Stanley", "Tobias Windisch"]
    assert paper.arxiv_version_date == datetime(2016, 5, 26, 17, 59, 46, tzinfo=UTC)
    assert paper.arxiv_checked_at is not None
    assert not PaperEvent.objects.exists(), "learning metadata for the first time is not news"

    again = enrich()

    assert again.requests == 0 and len(_asked(arxiv_server)) == 2


def test_it_marks_ids_arxiv_does_not_know_and_does_not_ask_again(arxiv_server):
    ids = _hf_papers(10)
    arxiv_server.synthesize_api(unknown={ids[2], ids[5]})

    result = enrich()

    assert (result.found, result.unknown) == (8, 2)
    unknown = Paper.objects.get(arxiv_id=ids[2])
    assert (unknown.primary_category, unknown.title) == ("", f"Paper {ids[2]}")
    assert unknown.arxiv_checked_at is not None
    assert enrich().requests == 0
    out = StringIO()
    call_command("enrich", "status", stdout=out)
    assert "with arXiv metadata (categories): 8 (80%)" in out.getvalue()
    assert "asked, unknown to arXiv: 2" in out.getvalue()


def test_it_isolates_an_id_that_arxiv_rejects_with_its_error_feed(arxiv_server):
    # Recorded answers only: arXiv's "incorrect id format" error feed (HTTP 400) for anything unrecorded.
    Paper.objects.bulk_create([Paper(arxiv_id="1605.08386", title="x"), Paper(arxiv_id="2499.99999", title="y")])
    Paper.objects.create(arxiv_id="not-an-arxiv-id", title="z")

    result = enrich()

    assert sorted(map(tuple, _asked(arxiv_server))) == [("1605.08386",), ("1605.08386", "2499.99999"), ("2499.99999",)]
    assert (result.found, result.unknown, result.not_arxiv) == (1, 1, 1)
    assert Paper.objects.get(arxiv_id="1605.08386").primary_category == "math.CO"
    assert not Paper.objects.filter(arxiv_checked_at__isnull=True).exists()


def test_it_resumes_after_arxiv_fails_without_repeating_a_finished_batch(arxiv_server):
    arxiv_server.synthesize_api()
    ids = _hf_papers(250)

    def break_arxiv(progress: EnrichResult) -> None:
        if progress.batches == 1:
            arxiv_server.fail_next(503, times=10)

    stopped = enrich(after_batch=break_arxiv)

    assert stopped.batches == 1 and "arXiv cannot be reached" in stopped.error
    first = set(_asked(arxiv_server)[0])
    assert Paper.objects.exclude(primary_category="").count() == 100
    arxiv_server.faults.clear()
    arxiv_server.requests.clear()

    resumed = enrich()

    assert resumed.found == 150 and not resumed.error
    assert not first & set(chain.from_iterable(_asked(arxiv_server)))
    assert Paper.objects.exclude(primary_category="").count() == len(ids)


def test_it_records_a_new_version_doi_and_journal_reference_as_events(arxiv_server, settings):
    settings.ARXIV_RECHECK_DAYS = 30
    arxiv_server.synthesize_api()
    [known, fresh] = _hf_papers(2)
    enrich()
    Paper.objects.filter(arxiv_id=known).update(arxiv_checked_at=timezone.now() - timedelta(days=31))
    change = {"version": 3, "updated": "2024-02-01T10:00:00Z", "doi": "10.1000/xyz", "journal_ref": "J. Test 1 (2024)"}
    arxiv_server.synth_changes[known] = change
    arxiv_server.synth_changes[fresh] = change  # asked recently: not due, so not asked
    arxiv_server.requests.clear()

    enrich()

    assert _asked(arxiv_server) == [[known]]
    paper = Paper.objects.get(arxiv_id=known)
    assert (paper.version, paper.doi, paper.journal_ref) == (3, "10.1000/xyz", "J. Test 1 (2024)")
    assert paper.arxiv_version_date == datetime(2024, 2, 1, 10, 0, tzinfo=UTC)
    events = {(e.kind, e.old_value, e.new_value) for e in PaperEvent.objects.filter(paper=paper)}
    assert events == {("new_version", "v1", "v3"), ("doi", "", "10.1000/xyz"), ("journal_ref", "", "J. Test 1 (2024)")}
    assert not PaperEvent.objects.exclude(paper=paper).exists()
    arxiv_server.requests.clear()
    enrich()
    assert _asked(arxiv_server) == [] and PaperEvent.objects.count() == 3


def test_it_is_a_periodic_job_that_can_be_turned_off(arxiv_server, settings):
    arxiv_server.synthesize_api()
    _hf_papers(3)
    assert "ingest.enrich_papers" in {job.name for job in registered_jobs()}

    settings.ARXIV_ENRICH = False
    assert enrich_periodically() is None
    assert arxiv_server.requests == []

    settings.ARXIV_ENRICH = True
    settings.ARXIV_ENRICH_BATCHES = 1
    arxiv_server.fail_next(503)
    down = enrich_periodically()
    # One attempt: the worker moves on, the next run resumes.
    assert down is not None and (down.requests, down.found) == (1, 0) and down.error
    result = enrich_periodically()
    assert result is not None and result.found == 3


def test_it_runs_from_the_command_line_and_fails_when_arxiv_is_down(arxiv_server):
    arxiv_server.synthesize_api()
    _hf_papers(120)
    out = StringIO()
    call_command("enrich", "run", "--quiet", "--max-batches", "1", stdout=out)
    assert out.getvalue().startswith("asked arXiv about 100 papers in 1 requests: 100 found")

    arxiv_server.fail_next(503, times=3)
    with pytest.raises(CommandError, match="run again later to resume"):
        call_command("enrich", "run", "--quiet", stdout=StringIO(), stderr=StringIO())
    assert Paper.objects.filter(primary_category="").count() == 20


@pytest.mark.django_db(transaction=True)
def test_it_resumes_after_the_process_is_killed_without_repeating_a_finished_batch(arxiv_server, monkeypatch):
    arxiv_server.synthesize_api()
    _hf_papers(300)
    monkeypatch.setenv("PAPERWIRE_ARXIV_API_URL", arxiv_server.api_url)
    monkeypatch.setenv("PAPERWIRE_ARXIV_REQUEST_INTERVAL", "0")
    sigkill_while_arxiv_holds(
        arxiv_server,
        lambda path, query: path == "/api/query" and len(_asked(arxiv_server)) == 2,
        "enrich",
        "run",
        "--quiet",
    )
    finished = set(Paper.objects.filter(arxiv_checked_at__isnull=False).values_list("arxiv_id", flat=True))
    assert len(finished) == 200
    arxiv_server.requests.clear()

    out = StringIO()
    call_command("enrich", "run", "--quiet", stdout=out)

    assert out.getvalue().startswith("asked arXiv about 100 papers in 1 requests")
    assert not finished & set(chain.from_iterable(_asked(arxiv_server)))
    assert not Paper.objects.filter(primary_category="").exists()
