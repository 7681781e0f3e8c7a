"""Author names: one normalised form per person, and the index that finds their papers."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from paperwire.papers.authors import author_identity, author_key, author_short_key, sync_author_index
from paperwire.papers.changes import announce_papers_changed
from paperwire.papers.models import Paper, PaperAuthor
from tests.papers.factories import make_paper


def test_it_folds_case_diacritics_and_punctuation() -> None:
    assert author_key("José  García-López") == author_key("jose garcia lopez") == "jose garcia lopez"
    assert author_key("Søren Kierkegård") == "soren kierkegard"
    assert author_key("Zoë O'Neil") == author_key("ZOE ONeil") == "zoe oneil"
    assert author_short_key("Jean-Luc Picard") == "j l picard"
    assert author_short_key("J.-L. Picard") == "j l picard"


@pytest.mark.django_db
def test_it_finds_every_spelling_of_one_person() -> None:
    first = make_paper(authors=["José García", "Ada Lovelace"])
    second = make_paper(authors=["JOSE GARCIA"])
    third = make_paper(authors=["J. García"])
    make_paper(authors=["Josefina Garcias"])
    identity = author_identity("jose garcía")
    assert set(Paper.objects.by_author(identity.keys)) == {first, second, third}


@pytest.mark.django_db
def test_it_keeps_ambiguous_initials_apart() -> None:
    john = make_paper(authors=["John Smith"])
    make_paper(authors=["Jane Smith"])
    initials = make_paper(authors=["J. Smith"])
    assert list(Paper.objects.by_author(author_identity("John Smith").keys)) == [john]
    assert list(Paper.objects.by_author(author_identity("J. Smith").keys)) == [initials]


@pytest.mark.django_db
def test_it_indexes_papers_written_in_bulk_when_synced() -> None:
    paper = make_paper(authors=["Ada Lovelace"])
    Paper.objects.filter(pk=paper.pk).update(authors=["Grace Hopper"])  # no post_save, as in an import
    PaperAuthor.objects.all().delete()
    assert sync_author_index() == 1
    assert list(Paper.objects.by_author(["grace hopper"])) == [paper]
    assert list(Paper.objects.by_author(["ada lovelace"])) == []


@pytest.mark.django_db
def test_it_leaves_the_author_index_of_an_import_to_the_worker(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        announce_papers_changed()  # what an importer does when its batch commits

    queued = list(DBTaskResult.objects.values_list("task_path", flat=True))
    assert "paperwire.papers.tasks.sync_author_index_task" in queued
