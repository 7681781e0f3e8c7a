from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from paperwire.ingest.models import ImportCheckpoint
from paperwire.papers.models import Paper
from tests.ingest.crash import crash_on_batch

pytestmark = pytest.mark.django_db


def ingest(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("ingest", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


@pytest.fixture
def raw_sample(shared_data: Path) -> Path:
    return shared_data / "arxiv" / "snapshot" / "arxiv-metadata-oai-snapshot-sample.json"


@pytest.fixture
def clean_sample(shared_data: Path) -> Path:
    return shared_data / "arxiv" / "snapshot" / "arxiv-metadata-sample-2000.jsonl"


def test_it_imports_the_raw_snapshot_with_versions_and_categories(raw_sample: Path):
    out, _ = ingest("snapshot", str(raw_sample), "--quiet")
    again, _ = ingest("snapshot", str(raw_sample), "--quiet")

    assert out == "added 200, updated 0, unchanged 0, rejected 0"
    assert again == "added 0, updated 0, unchanged 200, rejected 0"
    paper = Paper.objects.get(arxiv_id="0704.0001")
    assert paper.title == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"
    assert paper.authors == ["C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan"]
    assert paper.version == 2
    assert paper.published == datetime(2007, 4, 2, 19, 18, 42, tzinfo=UTC)
    assert (paper.journal_ref, paper.doi) == ("Phys.Rev.D76:013009,2007", "10.1103/PhysRevD.76.013009")
    # Kept as arXiv wrote it: the indented first line, the hard wraps.
    assert paper.abstract.startswith(
        "  A fully differential calculation in perturbative quantum chromodynamics is\npresented"
    )
    multi = Paper.objects.get(arxiv_id="0704.0002")
    assert multi.categories == ["math.CO", "cs.CG"] and multi.primary_category == "math.CO"


def test_it_imports_the_cleaned_shape_gzipped(clean_sample: Path, tmp_path: Path):
    lines = clean_sample.read_bytes().splitlines(keepends=True)[:300]
    path = tmp_path / "snapshot.jsonl.gz"
    path.write_bytes(gzip.compress(b"".join(lines)))

    out, _ = ingest("snapshot", str(path), "--quiet")

    assert out == "added 300, updated 0, unchanged 0, rejected 0"
    paper = Paper.objects.get(arxiv_id="0704.0006")
    assert paper.authors == ["Y. H. Pong", "C. K. Law"]
    assert paper.categories == ["cond-mat.mes-hall"]


def test_it_never_lets_the_cleaned_shape_overwrite_versioned_data(raw_sample: Path, clean_sample: Path, tmp_path: Path):
    ingest("snapshot", str(raw_sample), "--quiet")
    first_200 = tmp_path / "clean.jsonl"
    first_200.write_bytes(b"".join(clean_sample.read_bytes().splitlines(keepends=True)[:200]))

    out, _ = ingest("snapshot", str(first_200), "--quiet")

    assert out == "added 0, updated 0, unchanged 200, rejected 0"


def test_it_skips_bad_lines_and_names_them(raw_sample: Path, tmp_path: Path):
    good = raw_sample.read_text().splitlines()[:3]
    no_id = json.loads(good[1])
    del no_id["id"]
    bad_date = json.loads(good[2])
    bad_date["versions"][0]["created"] = "Mon, 99 Foo 2007"
    path = tmp_path / "broken.json"
    path.write_text("\n".join([good[0], json.dumps(no_id), '"just a string"', json.dumps(bad_date), good[0][:80]]))

    out, err = ingest("snapshot", str(path))

    assert out == "added 1, updated 0, unchanged 0, rejected 4"
    assert "rejected broken.json:2: missing arXiv id" in err
    assert "rejected broken.json:3: expected a JSON object, got str" in err
    assert "rejected broken.json:4: versions[0].created: 'Mon, 99 Foo 2007' is not a valid date" in err
    assert "rejected broken.json:5: invalid JSON" in err


def test_it_refuses_a_file_that_is_not_json_lines(shared_data: Path):
    with pytest.raises(CommandError, match="is a JSON list"):
        ingest("snapshot", str(shared_data / "hf-daily" / "2024-05-27.json"))


def test_it_resumes_after_a_crash_from_the_saved_line(raw_sample: Path, monkeypatch):
    real_upsert = crash_on_batch(monkeypatch, 4)
    with pytest.raises(KeyboardInterrupt):
        ingest("snapshot", str(raw_sample), "--batch-size", "50", "--quiet")
    checkpoint = ImportCheckpoint.objects.get(source="snapshot")
    assert (checkpoint.position, Paper.objects.count()) == (150, 150)

    monkeypatch.setattr("paperwire.ingest.runner.upsert_papers", real_upsert)
    out, err = ingest("snapshot", str(raw_sample), "--batch-size", "50")

    assert "resuming an interrupted import" in err
    assert out == "added 50, updated 0, unchanged 0, rejected 0"
    assert Paper.objects.count() == 200
    assert not ImportCheckpoint.objects.exists()
