"""Indexing: on-commit requests, batches, resumability, crash repair, and the index command."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from paperwire.papers.changes import announce_papers_changed
from paperwire.search import indexing, tasks
from paperwire.search.ann import Manifest, forget_loaded_indexes, get_vector_index
from paperwire.search.indexing import index_pending, pending_count
from paperwire.search.models import PaperVector
from paperwire.search.similar import similar_papers
from paperwire.search.vectors import nearest_papers, paper_vectors
from tests.papers.factories import make_paper

sqlite_only = pytest.mark.skipif(settings.USING_POSTGRES, reason="the usearch file exists only in SQLite mode")

TOPICS = ["graph", "diffusion", "protein", "galaxy", "compiler", "robot", "language", "quantum"]


def add_topic_papers(count: int, start: int = 0) -> list:
    return [
        make_paper(
            title=f"{TOPICS[i % len(TOPICS)]} study number {i}",
            abstract=f"We look at {TOPICS[i % len(TOPICS)]} things, variant {i} of {TOPICS[(i + 3) % len(TOPICS)]}.",
        )
        for i in range(start, start + count)
    ]


@pytest.mark.django_db
def test_it_enqueues_indexing_only_when_the_import_commits(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=False) as at_commit:
        announce_papers_changed()  # what an importer does inside its transaction
    assert DBTaskResult.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        for callback in at_commit:
            callback()
    assert "paperwire.search.tasks.index_pending_task" in DBTaskResult.objects.values_list("task_path", flat=True)


@pytest.mark.django_db
def test_it_indexes_in_batches_and_resumes_where_it_stopped() -> None:
    add_topic_papers(10)
    assert index_pending(limit=4, batch_size=3) == 4
    assert pending_count() == 6
    assert index_pending(batch_size=3) == 6
    assert pending_count() == 0
    assert index_pending() == 0


@pytest.mark.django_db
def test_it_indexes_in_time_slices_and_queues_the_rest(settings, monkeypatch) -> None:
    add_topic_papers(6)
    settings.SEARCH_INDEX_BATCH = 2
    monkeypatch.setattr(tasks, "TASK_SLICE_SECONDS", 0.0)  # stop after the first batch

    assert tasks.index_pending_slice() == 2
    assert pending_count() == 4
    assert "paperwire.search.tasks.index_pending_task" in DBTaskResult.objects.values_list("task_path", flat=True)


@pytest.mark.django_db
def test_it_gives_vectors_to_other_apps_and_similar_papers_to_the_paper_page() -> None:
    papers = add_topic_papers(16)
    indexed, waiting = papers[:8], papers[8]
    index_pending(limit=8)
    vectors = paper_vectors([p.pk for p in papers])
    assert set(vectors) == {p.pk for p in indexed}
    assert all(abs(float(np.linalg.norm(v)) - 1.0) < 1e-4 for v in vectors.values())
    assert nearest_papers(vectors[indexed[0].pk], 1)[0][0] == indexed[0].pk

    similar = similar_papers(indexed[0])
    assert indexed[0] not in similar and 0 < len(similar) <= 6
    # No vector yet: keyword neighbours of the title, never an error.
    fallback = similar_papers(waiting)
    assert waiting not in fallback
    assert fallback[0].title == "graph study number 0"  # the one other "graph" paper


@pytest.mark.django_db
def test_it_leaves_hidden_papers_out_of_similar_papers() -> None:
    papers = add_topic_papers(9)
    papers[8].hidden = True
    papers[8].save()
    index_pending()
    assert papers[8] not in similar_papers(papers[0], limit=20)


@pytest.mark.django_db
def test_it_reports_status_and_rebuilds_from_the_command_line() -> None:
    add_topic_papers(5)
    out = StringIO()
    call_command("index", "status", stdout=out)
    assert "waiting:         5 visible papers without a vector" in out.getvalue()
    call_command("index", "run", stdout=out)
    call_command("index", "rebuild", stdout=out)
    assert "deleted 5 vectors" in out.getvalue() and "embedded 5 papers" in out.getvalue()
    out = StringIO()
    call_command("index", "status", stdout=out)
    assert "vectors:         5" in out.getvalue()
    assert "waiting:         0" in out.getvalue()


def _assert_index_matches_database() -> None:
    vector_index = get_vector_index()
    vector_index.load()
    assert vector_index.index is not None
    assert len(vector_index.index) == PaperVector.objects.count()
    for paper_id, vector in paper_vectors(list(PaperVector.objects.values_list("paper_id", flat=True))).items():
        assert nearest_papers(vector, 1)[0][0] == paper_id


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_it_repairs_the_vector_index_after_the_indexer_is_killed_mid_batch(tmp_path: Path) -> None:
    add_topic_papers(40)
    marker = tmp_path / "stalled"
    script = (
        "import os, sys, django\n"
        "django.setup()\n"
        "from django.db import connections\n"
        "connections['default'].settings_dict['NAME'] = sys.argv[1]\n"
        "from paperwire.search import indexing\n"
        "indexing.SAVE_EVERY_SECONDS = 0.0\n"  # save after every batch: a kill can land anywhere
        "indexing.index_pending(batch_size=8)\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "paperwire.settings",
        "PAPERWIRE_EMBEDDER": "tests.search.slow_embedder.StallingEmbedder",
        "PAPERWIRE_SEARCH_INDEX_DIR": str(settings.SEARCH_INDEX_DIR),
        "PAPERWIRE_TEST_STALL_AT_BATCH": "3",
        "PAPERWIRE_TEST_STALL_MARKER": str(marker),
    }
    process = subprocess.Popen([sys.executable, "-c", script, str(connection.settings_dict["NAME"])], env=env)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert process.poll() is None, "the indexer exited before the stalled batch"
            assert time.monotonic() < deadline, "the indexer never reached the third batch"
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()

    # Two batches were committed and saved; the third died with the process.
    assert PaperVector.objects.count() == 16
    saved = Manifest.read(get_vector_index().folder)
    assert saved is not None and saved.count == 16

    # Make the crash as bad as it gets: a torn newer file the kill left behind.
    folder = get_vector_index().folder
    (folder / ".vectors-99-torn.usearch.tmp").write_bytes(b"half a file")
    forget_loaded_indexes()
    assert index_pending() == 24
    _assert_index_matches_database()
    assert not (folder / ".vectors-99-torn.usearch.tmp").exists()


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_it_rebuilds_a_corrupt_or_stale_index_file_from_the_database() -> None:
    add_topic_papers(12)
    index_pending()
    folder = get_vector_index().folder
    manifest = Manifest.read(folder)
    assert manifest is not None and manifest.count == 12

    # A truncated file (disk full, a copy cut short).
    path = folder / manifest.file
    path.write_bytes(path.read_bytes()[: manifest.size_bytes // 2])
    forget_loaded_indexes()
    _assert_index_matches_database()

    # The database moved behind the file's back (restored from a backup).
    get_vector_index().save()
    PaperVector.objects.filter(id__in=list(PaperVector.objects.values_list("id", flat=True)[:3])).delete()
    forget_loaded_indexes()
    _assert_index_matches_database()
    assert len(get_vector_index().index or []) == 9


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_it_saves_a_small_run_as_a_delta_without_rewriting_the_whole_index(monkeypatch) -> None:
    monkeypatch.setattr("paperwire.search.indexing.SAVE_EVERY_SECONDS", 0.0)
    add_topic_papers(12)
    index_pending()
    folder = get_vector_index().folder
    base = Manifest.read(folder)
    assert base is not None and not base.deltas
    base_written = (folder / base.file).stat().st_mtime_ns

    add_topic_papers(3, start=12)
    assert index_pending() == 3
    saved = Manifest.read(folder)
    assert saved is not None and saved.file == base.file and saved.count == 15
    assert [delta.count for delta in saved.deltas] == [3]
    assert (folder / base.file).stat().st_mtime_ns == base_written

    # Another process loads the base plus the delta and finds every paper.
    forget_loaded_indexes()
    _assert_index_matches_database()

    # A torn delta (a disk that lied about fsync) is rebuilt from the database.
    delta = folder / saved.deltas[0].file
    delta.write_bytes(delta.read_bytes()[:100])
    forget_loaded_indexes()
    _assert_index_matches_database()


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_it_folds_the_deltas_into_a_new_whole_index_once_they_grow(monkeypatch) -> None:
    monkeypatch.setattr("paperwire.search.ann.DELTA_MIN", 4)
    monkeypatch.setattr("paperwire.search.indexing.SAVE_EVERY_SECONDS", 0.0)
    add_topic_papers(8)
    index_pending()
    for start in (8, 10):
        add_topic_papers(2, start=start)
        index_pending()
    folder = get_vector_index().folder
    saved = Manifest.read(folder)
    assert saved is not None and [delta.count for delta in saved.deltas] == [2, 2]

    add_topic_papers(2, start=12)
    index_pending()
    folded = Manifest.read(folder)
    assert folded is not None and folded.deltas == () and folded.count == 14 and folded.file != saved.file
    assert sorted(path.name for path in folder.glob("*.usearch")) == [folded.file]
    assert not list(folder.glob("*.npz"))
    forget_loaded_indexes()
    _assert_index_matches_database()


@pytest.mark.django_db
def test_it_embeds_new_papers_at_once_and_older_ones_without_a_vector_at_the_next_full_walk(monkeypatch) -> None:
    papers = add_topic_papers(6)
    index_pending()
    PaperVector.objects.filter(paper=papers[1]).delete()  # a hole: e.g. a batch a killed worker had claimed
    add_topic_papers(2, start=6)
    monkeypatch.setattr(indexing, "FULL_WALK_EVERY_SECONDS", 3600.0)
    assert index_pending() == 2  # only the new papers: no walk over the whole catalogue
    assert pending_count() == 1
    monkeypatch.setattr(indexing, "FULL_WALK_EVERY_SECONDS", 0.0)
    assert index_pending() == 1
    assert pending_count() == 0


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_runs_soon_after_a_save_leave_their_vectors_to_a_later_save_and_lose_nothing(monkeypatch) -> None:
    add_topic_papers(8)
    index_pending()  # this process's first save
    folder = get_vector_index().folder
    first = Manifest.read(folder)
    assert first is not None and first.count == 8

    add_topic_papers(2, start=8)
    assert index_pending() == 2
    # Saved a moment ago: the files are left as they were ...
    assert Manifest.read(folder) == first
    # ... yet a process starting now finds the new papers: it catches up from the database.
    forget_loaded_indexes()
    _assert_index_matches_database()
    assert len(get_vector_index().index or []) == 10

    # Once the interval has passed, the next run (even one with nothing to embed) saves them.
    monkeypatch.setattr("paperwire.search.indexing.SAVE_EVERY_SECONDS", 0.0)
    assert index_pending() == 0
    saved = Manifest.read(folder)
    assert saved is not None and saved.count == 10
