"""Saving, tagging, notes, the library page and its filters, export, as a reader does them."""

from __future__ import annotations

from typing import Any

import bibtexparser
import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.test import Client

from paperwire.library.models import SavedPaper, Tag
from paperwire.library.tags import TagError, create_tag, merge_tags, rename_tag
from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db


def test_it_saves_a_paper_without_javascript_and_goes_back(client: Client, alice: User) -> None:
    paper = make_paper(title="Attention again")
    response = client.post(f"/library/save/{paper.pk}", {"next": "/papers"})
    assert response.status_code == 302 and response["Location"] == "/papers"
    assert SavedPaper.objects.filter(user=alice, paper=paper).exists()
    # Saving twice is one save; save=0 removes it.
    client.post(f"/library/save/{paper.pk}")
    assert SavedPaper.objects.filter(user=alice).count() == 1
    client.post(f"/library/save/{paper.pk}", {"save": "0"})
    assert not SavedPaper.objects.filter(user=alice).exists()


def test_it_answers_json_to_the_script(client: Client, alice: User) -> None:
    paper = make_paper()
    response = client.post(f"/library/save/{paper.pk}", HTTP_ACCEPT="application/json")
    assert response.json() == {"paper": paper.pk, "saved": True}


def test_it_asks_signed_out_people_to_log_in(client: Client) -> None:
    paper = make_paper()
    response = client.post(f"/library/save/{paper.pk}", HTTP_ACCEPT="application/json")
    assert response.status_code == 401 and "login_url" in response.json()
    assert client.get(f"/library/save/{paper.pk}").status_code == 405


def test_it_refuses_a_save_without_csrf(alice: User) -> None:
    paper = make_paper()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    assert strict.post(f"/library/save/{paper.pk}").status_code == 403


def test_it_tags_filters_and_keeps_notes_private(client: Client, alice: User) -> None:
    first = make_paper(title="Graph networks", authors=["Grace Hopper"])
    second = make_paper(title="Sparse attention")
    client.post(f"/library/tags/{first.pk}", {"tags": "Reading, graphs"})
    client.post(f"/library/tags/{second.pk}", {"tags": "reading"})
    client.post(f"/library/note/{second.pk}", {"note": "compare with <b>sparse</b> baselines"})
    reading = Tag.objects.get(user=alice, name__iexact="reading")
    assert reading.name == "Reading"  # "reading" found the tag typed first, in any case

    page = client.get("/library", {"tag": reading.pk}).content.decode()
    assert "Graph networks" in page and "Sparse attention" in page
    graphs = Tag.objects.get(user=alice, name="graphs")
    page = client.get("/library", {"tag": graphs.pk}).content.decode()
    assert "Graph networks" in page and "Sparse attention" not in page
    page = client.get("/library", {"q": "baselines"}).content.decode()
    assert "Sparse attention" in page and "Graph networks" not in page
    assert "&lt;b&gt;sparse&lt;/b&gt;" in page
    page = client.get("/library", {"q": "hopper"}).content.decode()
    assert "Graph networks" in page and "Sparse attention" not in page

    bob = User.objects.create_user("bob", "bob@example.org", "pw")
    other = Client()
    other.force_login(bob)
    assert "compare with" not in other.get(second.get_absolute_url()).content.decode()
    assert "compare with" in client.get(second.get_absolute_url()).content.decode()


def test_it_renames_merges_and_deletes_tags(client: Client, alice: User) -> None:
    paper = make_paper()
    other = make_paper()
    client.post(f"/library/tags/{paper.pk}", {"tags": "ml, nlp"})
    client.post(f"/library/tags/{other.pk}", {"tags": "nlp"})
    ml = Tag.objects.get(user=alice, name="ml")
    nlp = Tag.objects.get(user=alice, name="nlp")
    client.post(f"/library/tag/{ml.pk}/rename", {"name": "Machine learning"})
    ml.refresh_from_db()
    assert ml.name == "Machine learning"
    with pytest.raises(TagError):
        rename_tag(ml, "NLP")
    client.post(f"/library/tag/{nlp.pk}/merge", {"into": ml.pk})
    assert list(Tag.objects.filter(user=alice).values_list("name", flat=True)) == ["Machine learning"]
    assert ml.saved_papers.count() == 2
    client.post(f"/library/tag/{ml.pk}/delete")
    assert not Tag.objects.filter(user=alice).exists()
    assert SavedPaper.objects.filter(user=alice).count() == 2


def test_it_keeps_tag_names_unique_per_person_in_any_case(alice: User) -> None:
    create_tag(alice, "Theory")
    with pytest.raises(TagError):
        create_tag(alice, "theory")
    with pytest.raises(IntegrityError), transaction.atomic():
        Tag.objects.create(user=alice, name="THEORY")
    bob = User.objects.create_user("bob2", "b@example.org", "pw")
    assert create_tag(bob, "theory").name == "theory"
    with pytest.raises(TagError):
        merge_tags(Tag.objects.get(user=bob), Tag.objects.get(user=alice))


def test_it_shows_the_save_button_on_cards_and_the_cite_box_on_the_paper_page(client: Client, alice: User) -> None:
    from datetime import date

    paper = make_paper(list_date=date(2025, 3, 3), title="Card paper")
    client.post(f"/library/save/{paper.pk}")
    listing = client.get("/papers/date/2025-03-03").content.decode()
    assert f'action="/library/save/{paper.pk}"' in listing and ">Saved</button>" in listing
    page = client.get(paper.get_absolute_url()).content.decode()
    assert "Cite" in page and f"eprint = {{{paper.arxiv_id}}}" in page
    anonymous = Client().get(paper.get_absolute_url()).content.decode()
    assert "archivePrefix = {arXiv}" in anonymous


def test_it_exports_bibtex_that_parses_back_to_the_same_ids(client: Client, alice: User) -> None:
    papers = [
        make_paper(title="Same words", authors=["Ada Lovelace"], doi="10.1000/xyz", primary_category="cs.CL"),
        make_paper(title="Same words", authors=["Ada Lovelace"], arxiv_id="hep-th/9901001"),
        make_paper(title="Unbalanced {brace and & ampersand", authors=["Émile Zola"]),
    ]
    for paper in papers:
        client.post(f"/library/tags/{paper.pk}", {"tags": "all"})
    response = client.get("/library/export.bib")
    assert response["Content-Type"].startswith("application/x-bibtex")
    library = bibtexparser.parse_string(response.content.decode())
    assert not library.failed_blocks
    assert {entry["eprint"] for entry in library.entries} == {paper.arxiv_id for paper in papers}
    assert len({entry.key for entry in library.entries}) == 3
    first = next(entry for entry in library.entries if entry["eprint"] == papers[0].arxiv_id)
    assert first["archivePrefix"] == "arXiv" and first["primaryClass"] == "cs.CL" and first["doi"] == "10.1000/xyz"

    tag = Tag.objects.get(user=alice)
    by_tag = bibtexparser.parse_string(client.get("/library/export.bib", {"tag": tag.pk}).content.decode())
    assert len(by_tag.entries) == 3
    one = client.get(f"/library/cite/{papers[1].pk}.bib")
    assert "hep-th/9901001" in one.content.decode() and "attachment" in one["Content-Disposition"]


def test_it_lists_a_library_in_a_bounded_number_of_queries(
    client: Client, alice: User, django_assert_max_num_queries: Any
) -> None:
    for index in range(12):
        paper = make_paper(title=f"Bulk {index}")
        client.post(f"/library/tags/{paper.pk}", {"tags": f"t{index % 3}"})
    with django_assert_max_num_queries(14):
        page = client.get("/library")
    assert page.content.decode().count('class="paper-card') == 12
