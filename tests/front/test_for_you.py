"""/for-you: the signed-in person's ranking, "not interested", per-tag rankings and the cold-start form."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from paperwire.library.models import SavedPaper, Tag, TagMembership
from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def hashing_embedder(settings: Any) -> None:
    settings.EMBEDDER = "paperwire.search.embedder.HashingEmbedder"


def recent(**fields: Any) -> Any:
    return make_paper(published=timezone.now() - dt.timedelta(days=2), **fields)


@pytest.fixture
def world() -> dict[str, Any]:
    return {
        "liked": recent(title="Sparse attention for long documents", authors=["Nora Quist"]),
        "by_same_author": recent(title="Sparse attention kernels", authors=["Nora Quist", "Bo Li"]),
        "protein": recent(title="Protein folding with diffusion", authors=["Carla Diaz"]),
        "galaxy": recent(title="Galaxy surveys and dark matter", authors=["Omar Haddad"]),
        "old": make_paper(
            title="Sparse attention, an old paper",
            authors=["Nora Quist"],
            published=timezone.now() - dt.timedelta(days=400),
        ),
    }


def signed_in(world: dict[str, Any]) -> tuple[Client, Any]:
    user = get_user_model().objects.create_user("reader", "reader@example.org", "a-long-password-1")
    SavedPaper.objects.create(user=user, paper=world["liked"])
    client = Client()
    client.force_login(user)
    return client, user


def titles_in(page: Any) -> list[str]:
    return [item.paper.title for item in page.context["recommendations"]]


def test_it_ranks_recent_papers_for_the_signed_in_person_and_says_why(world: dict[str, Any]) -> None:
    client, _ = signed_in(world)
    page = client.get("/for-you")
    assert page.status_code == 200
    titles = titles_in(page)
    assert titles[0] == "Sparse attention kernels"
    assert "Sparse attention, an old paper" not in titles  # older than the last 30 days
    assert "Sparse attention for long documents" not in titles  # already in the library
    html = page.content.decode()
    assert "Like <a" in html and "<em>Sparse attention for long documents</em>" in html


def test_it_drops_a_paper_marked_not_interested(world: dict[str, Any]) -> None:
    client, _ = signed_in(world)
    answer = client.post(f"/library/not-interested/{world['by_same_author'].pk}", {"next": "/for-you"})
    assert answer.status_code == 302
    assert "Sparse attention kernels" not in titles_in(client.get("/for-you"))


def test_it_ranks_per_tag(world: dict[str, Any]) -> None:
    client, user = signed_in(world)
    saved = SavedPaper.objects.create(user=user, paper=world["protein"])
    tag = Tag.objects.create(user=user, name="biology")
    TagMembership.objects.create(tag=tag, saved=saved)
    page = client.get(f"/for-you?tag={tag.pk}")
    assert page.context["positives"] == [world["protein"]]
    assert all(item.because == [world["protein"]] or not item.because for item in page.context["recommendations"])


def test_it_shows_signed_out_visitors_the_cold_start_form_and_ranks_what_they_paste(world: dict[str, Any]) -> None:
    client = Client(enforce_csrf_checks=False)
    page = client.get("/for-you")
    assert page.status_code == 200 and b'name="papers"' in page.content and not page.context.get("recommendations")
    pasted = client.post("/for-you", {"papers": f"{world['liked'].arxiv_id}\n2409.99999"})
    assert titles_in(pasted)[0] == "Sparse attention kernels"
    assert "2409.99999" in pasted.content.decode()  # said to be missing
    bibtex = f"@article{{q, title={{x}}, eprint={{{world['protein'].arxiv_id}}}, archivePrefix={{arXiv}}}}"
    uploaded = client.post("/for-you", {"papers": "", "file": SimpleUploadedFile("mine.bib", bibtex.encode())})
    assert uploaded.context["positives"] == [world["protein"]]


def test_it_learns_from_a_followed_author(world: dict[str, Any]) -> None:
    from paperwire.library.models import Follow
    from paperwire.papers.authors import author_key, index_authors
    from paperwire.papers.models import Paper

    index_authors(Paper.objects.all())
    user = get_user_model().objects.create_user("follower", "f@example.org", "a-long-password-1")
    Follow.objects.create(user=user, kind=Follow.Kind.AUTHOR, target=author_key("Carla Diaz"), label="Carla Diaz")
    client = Client()
    client.force_login(user)
    page = client.get("/for-you")
    assert page.context["positives"] == [world["protein"]]
