"""/for-you: the signed-in person's ranking, "not interested", per-tag rankings and the cold-start form."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F, Max
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


def test_it_ranks_per_tag_leaving_out_papers_already_saved(world: dict[str, Any]) -> None:
    client, user = signed_in(world)
    saved = SavedPaper.objects.create(user=user, paper=world["protein"])
    tag = Tag.objects.create(user=user, name="biology")
    TagMembership.objects.create(tag=tag, saved=saved)
    page = client.get(f"/for-you?tag={tag.pk}")
    assert page.context["positives"] == [world["protein"]]
    titles = titles_in(page)
    assert titles and "Sparse attention for long documents" not in titles  # saved, though not in the tag
    for shown in page.context["recommendations"]:
        assert all(why.paper == world["protein"] and why.reason.label == "biology" for why in shown.why)
    assert "in your tag “biology”" in page.content.decode()


def test_each_explanation_says_the_real_reason(world: dict[str, Any]) -> None:
    from paperwire.community.models import Upvote
    from paperwire.library.models import Follow
    from paperwire.papers.authors import author_key, index_authors
    from paperwire.papers.models import Paper

    index_authors(Paper.objects.all())
    user = get_user_model().objects.create_user("voter", "v@example.org", "a-long-password-1")
    Upvote.objects.create(user=user, paper=world["liked"])
    Follow.objects.create(user=user, kind=Follow.Kind.AUTHOR, target=author_key("Carla Diaz"), label="Carla Diaz")
    recent(title="Protein folding with language models", authors=["Ada Lind"])
    client = Client()
    client.force_login(user)
    html = client.get("/for-you").content.decode()
    # Upvoted, not saved: never "in your library".
    assert "<em>Sparse attention for long documents</em></a>, which you upvoted" in html
    assert "in your library" not in html and "which you saved" not in html
    assert "<em>Protein folding with diffusion</em></a>, by Carla Diaz, whom you follow" in html


def test_a_window_counts_back_from_the_newest_paper_and_says_which_dates(world: dict[str, Any]) -> None:
    from paperwire.papers.models import Paper

    # An instance whose newest paper is a year old (a snapshot, a paused importer).
    Paper.objects.update(published=F("published") - dt.timedelta(days=365))
    client, _ = signed_in(world)
    page = client.get("/for-you?days=30")
    assert titles_in(page)[0] == "Sparse attention kernels"
    assert "Sparse attention, an old paper" not in titles_in(page)  # 400 days before the newest
    newest = Paper.objects.aggregate(newest=Max("published"))["newest"].date()
    assert page.context["window"].last == newest
    assert page.context["window"].first == newest - dt.timedelta(days=29)
    assert f"{newest.day} {newest:%b %Y}" in page.content.decode()


def test_the_second_request_reads_the_prepared_candidates(world: dict[str, Any]) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client, _ = signed_in(world)
    with CaptureQueriesContext(connection) as first:
        assert client.get("/for-you?days=365").status_code == 200
    with CaptureQueriesContext(connection) as second:
        again = client.get("/for-you?days=365")
    assert titles_in(again)[0] == "Sparse attention kernels"

    assert any("LIMIT 100000" in q["sql"] for q in first.captured_queries)  # the first prepares the set
    assert not any("LIMIT 100000" in q["sql"] for q in second.captured_queries)
    assert len(second.captured_queries) < len(first.captured_queries)


def test_an_import_is_ranked_once_the_worker_has_prepared_the_candidates(world: dict[str, Any]) -> None:
    from paperwire.library.candidates import prepare_candidates

    client, _ = signed_in(world)
    client.get("/for-you")
    added = recent(title="Sparse attention at scale", authors=["Nora Quist"])
    assert prepare_candidates() is True  # what the worker runs after papers_changed
    assert prepare_candidates() is False  # and nothing to do when the catalogue is unchanged
    assert added.title in titles_in(client.get("/for-you"))


def test_anonymous_rankings_are_rate_limited(world: dict[str, Any], settings: Any) -> None:
    settings.RATELIMIT_ENABLED = True
    settings.RECOMMEND_RATE_LIMIT = 3
    client = Client()
    answers = [client.post("/for-you", {"papers": world["liked"].arxiv_id}).status_code for _ in range(5)]
    assert answers == [200, 200, 200, 429, 429]


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
