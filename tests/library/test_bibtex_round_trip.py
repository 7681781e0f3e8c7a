"""A library exported as BibTeX keeps tags and notes, comes back whole, and no text can add a field."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import bibtexparser
import pytest
from django.contrib.auth.models import User
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperwire.library.bibtex import bibtex_for, paper_entry
from paperwire.library.imports import fetch_pending
from paperwire.library.models import PendingImport, SavedPaper
from paperwire.papers.models import Paper
from tests.papers.factories import make_paper

HEAT_BATH = "1605.08386"  # recorded in the local arXiv
NOTE = "Read §3 twice.\n\nThe {bound} in Thm. 2 is loose; compare with \\cite{x}."


def _library(user: User) -> dict[str, tuple[str, set[str]]]:
    """arXiv id → (note, tag names) of everything ``user`` saved."""
    return {
        saved.paper.arxiv_id: (saved.note, {tag.name for tag in saved.tags.all()})
        for saved in SavedPaper.objects.filter(user=user).select_related("paper").prefetch_related("tags")
    }


@pytest.mark.django_db
def test_an_exported_library_imports_back_with_its_tags_and_notes(client: Client, alice: User) -> None:
    first, second, third = make_paper(), make_paper(), make_paper()
    client.post(f"/library/tags/{first.pk}", {"tags": "reading group, Graphs"})
    client.post(f"/library/note/{first.pk}", {"note": NOTE})
    client.post(f"/library/tags/{second.pk}", {"tags": "Graphs"})
    client.post(f"/library/note/{third.pk}", {"note": "only a note"})
    exported = client.get("/library/export.bib").content.decode()

    entries = {entry["eprint"]: entry for entry in bibtexparser.parse_string(exported).entries}
    assert set(entries[first.arxiv_id]["keywords"].split(", ")) == {"reading group", "Graphs"}
    assert entries[first.arxiv_id]["annote"] == NOTE
    assert "keywords" not in entries[third.arxiv_id].fields_dict

    bob = User.objects.create_user("bob", "bob@example.org", "pw")
    other = Client()
    other.force_login(bob)
    page = other.post("/library/import", {"text": exported, "keywords": "on"}).content.decode()
    assert "Saved (3)" in page
    assert _library(bob) == _library(alice)


@pytest.mark.django_db
def test_an_import_never_overwrites_a_note_the_person_wrote(client: Client, alice: User) -> None:
    paper = make_paper()
    client.post(f"/library/note/{paper.pk}", {"note": "mine"})
    text = f"@misc{{k, eprint = {{{paper.arxiv_id}}}, archivePrefix = {{arXiv}}, annote = {{theirs}}}}"
    client.post("/library/import", {"text": text})
    assert _library(alice)[paper.arxiv_id][0] == "mine"


@pytest.mark.django_db
def test_a_note_of_a_paper_fetched_from_arxiv_arrives_with_it(
    client: Client, alice: User, arxiv_server: Any, django_capture_on_commit_callbacks: Any
) -> None:
    text = f"@misc{{k, eprint = {{{HEAT_BATH}}}, archivePrefix = {{arXiv}}, annote = {{why I care}}}}"
    with django_capture_on_commit_callbacks(execute=False):
        client.post("/library/import", {"text": text})
    [pending] = PendingImport.objects.filter(user=alice)
    fetch_pending(pending.pk)
    assert _library(alice)[HEAT_BATH] == ("why I care", set())


@pytest.mark.django_db
def test_a_primary_class_cannot_add_a_field(client: Client, alice: User) -> None:
    paper = make_paper(primary_category="cs.AI}, note = {INJ")
    client.post(f"/library/save/{paper.pk}")
    for text in (client.get("/library/export.bib").content.decode(), bibtex_for([paper])):
        [entry] = bibtexparser.parse_string(text).entries
        assert "note" not in entry.fields_dict
        assert "INJ" in entry["primaryClass"]


_HOSTILE = st.text(alphabet='{}\\@,=%"# \naB', max_size=40)
_FIELDS = {"title", "author", "year", "eprint", "archivePrefix", "primaryClass", "doi", "journal", "url", "keywords"}


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(title=_HOSTILE, category=_HOSTILE, doi=_HOSTILE, tag=_HOSTILE, note=_HOSTILE)
def test_no_text_of_a_paper_tag_or_note_adds_a_field_or_an_entry(
    title: str, category: str, doi: str, tag: str, note: str
) -> None:
    paper = Paper(
        arxiv_id="2501.00001",
        title=title,
        authors=[title],
        primary_category=category,
        doi=doi,
        journal_ref=title,
        published=datetime(2025, 1, 1, tzinfo=UTC),
    )
    library = bibtexparser.Library()
    library.add(paper_entry(paper, "key", tags=[tag, "other"], note=note))
    parsed = bibtexparser.parse_string(bibtexparser.write_string(library))
    assert not parsed.failed_blocks
    [entry] = parsed.entries
    assert set(entry.fields_dict) <= _FIELDS | {"annote"}
    assert entry["eprint"] == "2501.00001"
