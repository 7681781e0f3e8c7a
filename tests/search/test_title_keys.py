"""Exact-title look-ups through the title keys: old papers, unkeyed imports, bulk edits, single saves, filters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import QuerySet
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from paperwire.papers.changes import announce_papers_changed
from paperwire.papers.models import Paper
from paperwire.search.lookup import exact_title_match
from paperwire.search.models import TitleKey
from paperwire.search.service import search
from paperwire.search.title_keys import key_papers, sync_title_keys, title_key
from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db


def visible() -> QuerySet[Paper]:
    return Paper.objects.visible()


def imported(titles: list[str], *, first: int = 0, **fields: object) -> list[Paper]:
    """Papers written the way importers write them: bulk_create, so no post_save and no key."""
    papers = [
        Paper(
            arxiv_id=f"2602.{first + number:05d}",
            title=title,
            abstract=f"Abstract {first + number}.",
            published=datetime(2026, 2, 1, tzinfo=UTC),
            **fields,
        )
        for number, title in enumerate(titles)
    ]
    return Paper.objects.bulk_create(papers)


def test_the_key_is_the_titles_stems() -> None:
    assert title_key("Impossible Videos") == title_key("impossible video") == title_key("IMPOSSIBLE, videos!")
    assert title_key("Impossible Videos") != title_key("Possible Videos")
    assert len(title_key("Impossible Videos")) == 32


def test_it_finds_an_old_paper_whose_words_sixty_newer_titles_contain() -> None:
    # Before the keys, the look-up compared only the newest 50 titles containing
    # all the query's words (full-text index, newest first): with 60 newer
    # "Deep reinforcement learning for …" papers the old paper was never
    # compared and exact_title_match returned None (checked against that code).
    old = make_paper(title="Deep Reinforcement Learning", published=datetime(2015, 9, 9, tzinfo=UTC))
    imported([f"Deep reinforcement learning for task number {n}" for n in range(60)])
    sync_title_keys()

    assert exact_title_match("Deep Reinforcement Learning", visible()) == old.pk
    assert exact_title_match("deep reinforcement-learning.", visible()) == old.pk
    results = search("Deep Reinforcement Learning")
    assert results.lookup == "title" and results.items[0].paper == old


def test_it_finds_a_paper_imported_since_the_last_sync() -> None:
    make_paper(title="Graph neural networks for molecules")
    sync_title_keys()
    [new] = imported(["Impossible Videos: a benchmark"])
    assert not TitleKey.objects.filter(paper=new).exists()

    assert exact_title_match("Impossible videos: a benchmark", visible()) == new.pk
    assert search("Impossible Videos: a benchmark").items[0].paper == new


def test_it_looks_in_the_full_text_index_while_nothing_is_keyed() -> None:
    paper = make_paper(title="Sparse attention for long documents")
    TitleKey.objects.all().delete()
    assert exact_title_match("sparse attention for long documents", visible()) == paper.pk


def test_a_title_changed_in_bulk_is_found_after_the_next_sync() -> None:
    paper = make_paper(title="Speech language models on one GPU")
    make_paper(title="A newer paper, keyed after it")
    Paper.objects.filter(pk=paper.pk).update(title="Spoken language models on one GPU", modified_at=timezone.now())

    # Until the sync, the old key points at a title that no longer matches it.
    assert exact_title_match("Speech language models on one GPU", visible()) is None
    assert exact_title_match("Spoken language models on one GPU", visible()) is None
    assert sync_title_keys() == 1
    assert exact_title_match("Spoken language models on one GPU", visible()) == paper.pk
    assert sync_title_keys() == 0  # keyed at its current modified_at: nothing to redo


def test_a_paper_saved_alone_is_keyed_at_once() -> None:
    paper = make_paper(title="Tokenizers for speech")
    assert TitleKey.objects.get(paper=paper).key == title_key("Tokenizers for speech")

    paper.title = "Neural audio codecs for speech"
    paper.save()
    keyed = TitleKey.objects.get(paper=paper)
    assert keyed.key == title_key("Neural audio codecs for speech")
    assert keyed.paper_modified_at == paper.modified_at
    assert exact_title_match("neural audio codecs for speech", visible()) == paper.pk

    # A save that leaves the title alone leaves the key alone.
    Paper.objects.filter(pk=paper.pk).update(title="Written behind the key's back")
    paper.upvote_count = 3
    paper.save(update_fields=["upvote_count"])
    assert TitleKey.objects.get(paper=paper).key == title_key("Neural audio codecs for speech")


def test_hidden_papers_and_filters_are_respected() -> None:
    hidden = make_paper(title="Masked autoencoders are scalable learners", hidden=True)
    assert TitleKey.objects.filter(paper=hidden).exists()
    assert exact_title_match("Masked autoencoders are scalable learners", visible()) is None
    assert search("Masked autoencoders are scalable learners").lookup != "title"

    vision = make_paper(title="Vision transformers at scale", primary_category="cs.CV", categories=["cs.CV"])
    [unkeyed] = imported(["Vision transformers at scale"], primary_category="cs.CL", categories=["cs.CL"])
    assert exact_title_match("Vision transformers at scale", visible()) == unkeyed.pk
    assert exact_title_match("Vision transformers at scale", visible().filter(primary_category="cs.CV")) == vision.pk
    assert exact_title_match("Vision transformers at scale", visible().filter(primary_category="cs.LG")) is None
    assert search("Vision transformers at scale", category="cs.CV").items[0].paper == vision


def test_same_words_win_over_same_stems_and_the_newest_wins_among_equals() -> None:
    exact = make_paper(title="Impossible Videos")
    stems_only = make_paper(title="Impossible Video")
    assert exact_title_match("impossible video", visible()) == stems_only.pk
    assert exact_title_match("Impossible videos", visible()) == exact.pk

    newer_exact = make_paper(title="impossible videos")
    assert exact_title_match("Impossible Videos", visible()) == newer_exact.pk
    # An unkeyed import is newer still, and only shares the stems: same words win.
    imported(["Impossible video"])
    assert exact_title_match("Impossible Videos", visible()) == newer_exact.pk


def test_a_stemmed_query_finds_the_title() -> None:
    paper = make_paper(title="Impossible Videos")
    make_paper(title="Possible videos of impossible things")
    assert exact_title_match("impossible video", visible()) == paper.pk
    results = search("impossible video")
    assert results.lookup == "title" and results.items[0].paper == paper


def test_the_sync_keys_every_paper_without_a_key() -> None:
    papers = imported([f"Imported paper {n}" for n in range(5)])
    assert sync_title_keys() == 5
    assert sync_title_keys() == 0
    # A paper saved alone during an import is keyed above papers the import
    # wrote long enough ago to be outside the overlap: the counts find them.
    long_ago = timezone.now() - timedelta(days=3)
    older = imported(["Written by hand long ago", "Also long ago"], first=100)
    Paper.objects.filter(pk__in=[paper.pk for paper in older]).update(modified_at=long_ago)
    TitleKey.objects.filter(paper__in=papers[:2]).delete()
    newest = make_paper(title="Saved alone")
    assert TitleKey.objects.filter(paper=newest).exists()
    # Imported after it, unkeyed: the sync's first pass keys them before the counts are compared.
    imported(["Imported after the single save", "And another"], first=200)
    assert sync_title_keys() == 6
    assert TitleKey.objects.count() == Paper.objects.count()
    assert exact_title_match("written by hand long ago", visible()) == older[0].pk


def test_key_papers_rewrites_a_key() -> None:
    paper = make_paper(title="First title here")
    paper.title = "Second title here"  # not saved: key_papers keys what it is given
    assert key_papers([paper]) == 1
    assert TitleKey.objects.get(paper=paper).key == title_key("Second title here")
    assert TitleKey.objects.count() == 1


def test_an_import_queues_the_sync_for_the_worker(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        announce_papers_changed()  # what an importer does when its batch commits

    queued = list(DBTaskResult.objects.values_list("task_path", flat=True))
    assert "paperwire.search.tasks.sync_title_keys_task" in queued


def test_the_index_command_reports_and_completes_the_keys() -> None:
    make_paper(title="Keyed when saved")
    imported(["Imported without a key", "Another one"])
    out = StringIO()
    call_command("index", "status", stdout=out)
    assert "title keys:      1 papers keyed for exact-title look-ups (2 not yet)" in out.getvalue()
    call_command("index", "run", stdout=out)
    assert "keyed 2 titles" in out.getvalue()
    assert TitleKey.objects.count() == 3
