"""Importing a library: BibTeX, Zotero's CSL JSON and pasted lists, with missing arXiv papers fetched by the worker."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from paperwire.library.imports import fetch_pending, read_import
from paperwire.library.models import PendingImport, SavedPaper, Tag
from paperwire.papers.models import Paper
from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db

HEAT_BATH = "1605.08386"  # recorded in the local arXiv

BIBTEX = """
@article{known_eprint,
  title = {Known by eprint},
  eprint = {2501.00001v2},
  archivePrefix = {arXiv},
  keywords = {Reading, graphs}
}

@misc{known_url,
  title = {Known by URL},
  url = {https://arxiv.org/abs/2501.00002}
}

@article{known_doi,
  title = {Known by DOI},
  doi = {10.1234/ABC.5}
}

@misc{missing,
  title = {Heat-bath random walks},
  note = {arXiv preprint arXiv:1605.08386}
}

@book{nothing,
  title = {A book without ids}
}

@misc{broken, title = {never closed
"""


@pytest.fixture
def known() -> list[Paper]:
    return [
        make_paper(arxiv_id="2501.00001"),
        make_paper(arxiv_id="2501.00002"),
        make_paper(arxiv_id="2501.00003", doi="10.1234/abc.5"),
    ]


def test_it_reports_each_bibtex_entry_and_fetches_missing_papers_in_the_worker(
    client: Client, alice: User, known: list[Paper], arxiv_server: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post("/library/import", {"text": BIBTEX, "keywords": "on", "tag": "imported"})
    page = response.content.decode()
    assert response.status_code == 200 and "Read as BibTeX" in page
    assert arxiv_server.requests == []  # the request never waits for arXiv
    assert len(callbacks) == 1  # one enqueue, after the commit
    assert "Saved (3)" in page and "Being fetched from arXiv (1)" in page and "Not understood (2)" in page
    assert "line 2: known_eprint" in page and "arXiv 1605.08386" in page
    assert "nothing — A book without ids: no arXiv id, arXiv URL or DOI" in page
    assert "not valid BibTeX" in page
    assert set(SavedPaper.objects.filter(user=alice).values_list("paper__arxiv_id", flat=True)) == {
        "2501.00001",
        "2501.00002",
        "2501.00003",
    }
    assert set(Tag.objects.filter(user=alice).values_list("name", flat=True)) == {"Reading", "graphs", "imported"}

    [pending] = PendingImport.objects.filter(user=alice)
    fetch_pending(pending.pk)  # what the worker's task runs
    pending.refresh_from_db()
    assert pending.status == PendingImport.Status.DONE
    saved = SavedPaper.objects.get(user=alice, paper__arxiv_id=HEAT_BATH)
    assert {tag.name for tag in saved.tags.all()} == {"imported"}
    assert "arXiv 1605.08386: Saved" in client.get("/library/import").content.decode()


def test_it_reads_a_pasted_list_line_by_line(client: Client, alice: User, known: list[Paper]) -> None:
    text = "2501.00001\nhttps://arxiv.org/pdf/2501.00002v3\n\n# a comment\ndoi:10.1234/abc.5\nnot an id\n"
    page = client.post("/library/import", {"text": text}).content.decode()
    assert "Read as list" in page and "Saved (3)" in page
    assert "line 6: not an id: not an arXiv id, arXiv URL or DOI" in page


def test_it_reads_zotero_csl_json(alice: User, known: list[Paper]) -> None:
    items = [
        {"id": "a", "type": "article", "title": "T", "number": "arXiv:2501.00001", "publisher": "arXiv"},
        {"id": "b", "type": "article-journal", "title": "U", "DOI": "10.1234/ABC.5"},
        {"id": "c", "type": "article", "title": "V", "URL": "http://arxiv.org/abs/hep-th/9901001v1"},
        {"id": "d", "type": "book", "title": "W"},
    ]
    kind, read = read_import(json.dumps(items))
    assert kind == "CSL JSON"
    assert [(item.arxiv_id, item.doi) for item in read] == [
        ("2501.00001", None),
        (None, "10.1234/abc.5"),
        ("hep-th/9901001", None),
        (None, None),
    ]
    assert read[3].problem


def test_it_reads_arxiv_dois_as_arxiv_ids() -> None:
    _, [item] = read_import("@misc{x, doi = {10.48550/arXiv.2401.01234}}")
    assert (item.arxiv_id, item.doi) == ("2401.01234", None)


def test_it_marks_a_paper_arxiv_does_not_have(alice: User, arxiv_server: Any) -> None:
    pending = PendingImport.objects.create(user=alice, arxiv_id="2999.99999")
    fetch_pending(pending.pk)
    pending.refresh_from_db()
    assert pending.status == PendingImport.Status.FAILED
    assert not SavedPaper.objects.exists()
