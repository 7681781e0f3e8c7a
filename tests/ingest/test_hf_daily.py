from __future__ import annotations

import json
import shutil
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from paperwire.ingest.models import ImportCheckpoint
from paperwire.papers.changes import papers_changed
from paperwire.papers.models import DailyEntry, Paper
from tests.ingest.crash import crash_on_batch

pytestmark = pytest.mark.django_db


def ingest(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("ingest", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


@pytest.fixture
def daily_dir(shared_data: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "hf-daily"
    folder.mkdir()
    for name in ("2024-05-27.json", "2025-06-13.json", "2026-04-10.json", "2026-04-16.json", "2026-06-30.json"):
        shutil.copy(shared_data / "hf-daily" / name, folder / name)
    return folder


def count_items(folder: Path) -> int:
    return sum(len(json.loads(path.read_text())) for path in folder.glob("*.json"))


def test_it_imports_real_daily_lists_with_authors_votes_submitters_and_repos(daily_dir: Path):
    out, _ = ingest("hf-daily", str(daily_dir), "--quiet")

    items = count_items(daily_dir)
    # 2604.07429 is on both the 04-10 and the 04-16 list: one paper, two items.
    assert out == f"added {items - 1}, updated 1, unchanged 0, rejected 0"
    conv = Paper.objects.get(arxiv_id="2405.15738")
    assert conv.title == "ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal Models"
    assert conv.authors[:2] == ["Chunjiang Ge", "Sijie Cheng"] and len(conv.authors) == 9
    assert (conv.upvotes_imported, conv.upvote_count, conv.comments_imported) == (32, 32, 3)
    assert conv.daily_entry.list_date == date(2024, 5, 27)
    assert conv.categories == []

    live = Paper.objects.get(arxiv_id="2606.26740")
    assert live.github_repo == "https://github.com/cp-cp/LiveEdit"
    assert live.github_stars == 12
    assert "streaming video editing" in live.keywords
    assert live.ai_summary.startswith("A novel streaming video editing framework")
    entry = live.daily_entry
    assert (entry.list_date, entry.submitter_name, entry.submitter_fullname) == (
        date(2026, 6, 30),
        "YueMafighting",
        "Jack Ma",
    )
    assert entry.submitter_avatar.startswith("https://huggingface.co/avatars/")

    twice = Paper.objects.get(arxiv_id="2604.07429")
    # Hugging Face listed it on 2026-04-10 and again on 2026-04-16: it follows to the later day.
    assert twice.daily_entry.list_date == date(2026, 4, 16)
    assert twice.upvotes_imported == 42


def test_it_takes_the_submitter_from_the_top_level_before_2025(shared_data: Path, tmp_path: Path):
    source = shared_data / "hf-daily" / "2024-10-14.json"
    shutil.copy(source, tmp_path / source.name)
    ingest("hf-daily", str(tmp_path / source.name), "--quiet")

    first = json.loads(source.read_text())[0]
    entry = DailyEntry.objects.get(paper__arxiv_id=first["paper"]["id"])
    assert entry.submitter_name == first["submittedBy"]["name"] == "kenshinn"
    assert entry.list_date == date(2024, 10, 14)


def test_it_reports_nothing_new_when_run_again(shared_data: Path, tmp_path: Path):
    # Every 25th day of the whole dump: all eras of the item shape, in a second.
    folder = tmp_path / "subset"
    folder.mkdir()
    for path in sorted((shared_data / "hf-daily").glob("*.json"))[::25]:
        shutil.copy(path, folder / path.name)
    items = count_items(folder)
    papers = {item["paper"]["id"] for path in folder.glob("*.json") for item in json.loads(path.read_text())}

    first, _ = ingest("hf-daily", str(folder), "--quiet")
    second, _ = ingest("hf-daily", str(folder), "--quiet")

    assert first == f"added {len(papers)}, updated {items - len(papers)}, unchanged 0, rejected 0"
    assert Paper.objects.count() == DailyEntry.objects.count() == len(papers)
    assert second == f"added 0, updated 0, unchanged {items}, rejected 0"
    assert not ImportCheckpoint.objects.exists()


def test_it_rejects_broken_files_whole_and_bad_items_one_by_one(shared_data: Path, tmp_path: Path):
    real = json.loads((shared_data / "hf-daily" / "2024-05-27.json").read_text())
    good, other = real[0], real[1]
    (tmp_path / "2024-01-01.json").write_text(json.dumps(real, indent=1)[:5000])  # truncated download
    (tmp_path / "2024-01-02.json").write_text(json.dumps({"error": "Invalid date"}))
    no_id = json.loads(json.dumps(other))
    del no_id["paper"]["id"]
    bad_date = json.loads(json.dumps(real[2]))
    bad_date["paper"]["submittedOnDailyAt"] = "yesterday"
    (tmp_path / "2024-01-03.json").write_text(json.dumps(["2405.15738", good, no_id, bad_date], indent=1))

    out, err = ingest("hf-daily", str(tmp_path))

    assert out == "added 1, updated 0, unchanged 0, rejected 5"
    assert "rejected 2024-01-01.json: line " in err and "invalid JSON" in err
    assert "rejected 2024-01-02.json: expected a JSON list of daily papers, got an object" in err
    assert "rejected 2024-01-03.json:2: expected an object, got str" in err
    assert "2024-01-03.json:" in err and "missing arXiv id" in err
    assert "'yesterday' is not a valid date" in err
    assert "Traceback" not in err
    assert list(Paper.objects.values_list("arxiv_id", flat=True)) == [good["paper"]["id"]]


def test_it_refuses_a_single_unusable_file_with_a_clear_message(tmp_path: Path):
    path = tmp_path / "2024-01-01.json"
    path.write_text('[{"paper": {"id": "2401.01234"')

    with pytest.raises(CommandError, match=r"line 1: invalid JSON"):
        ingest("hf-daily", str(path))
    with pytest.raises(CommandError, match="does not exist"):
        ingest("hf-daily", str(tmp_path / "missing"))


def test_it_resumes_after_a_crash_without_importing_anything_twice(daily_dir: Path, monkeypatch):
    real_upsert = crash_on_batch(monkeypatch, 3)
    with pytest.raises(KeyboardInterrupt):
        ingest("hf-daily", str(daily_dir), "--batch-size", "10", "--quiet")
    assert Paper.objects.count() == 20
    assert ImportCheckpoint.objects.get(source="hf-daily").position > 0

    monkeypatch.setattr("paperwire.ingest.runner.upsert_papers", real_upsert)
    out, err = ingest("hf-daily", str(daily_dir), "--batch-size", "10")

    items = count_items(daily_dir)
    assert "resuming an interrupted import" in err
    assert out == f"added {items - 1 - 20}, updated 1, unchanged 0, rejected 0"
    assert Paper.objects.count() == DailyEntry.objects.count() == items - 1
    assert not ImportCheckpoint.objects.exists()


def test_it_announces_changed_papers_after_an_import_that_changed_some(
    daily_dir: Path, django_capture_on_commit_callbacks
):
    announced: list[object] = []

    def receiver(sender: object, **kwargs: object) -> None:
        announced.append(sender)

    papers_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            ingest("hf-daily", str(daily_dir), "--quiet")
        assert announced and set(announced) == {Paper}

        announced.clear()
        with django_capture_on_commit_callbacks(execute=True):
            ingest("hf-daily", str(daily_dir), "--quiet")
        assert announced == []
    finally:
        papers_changed.disconnect(receiver)
