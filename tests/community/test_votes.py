from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from paperwire.community.models import Upvote
from paperwire.community.votes import toggle_upvote, voted_paper_ids
from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", "alice@example.org", "a-long-password-1")


def test_it_toggles_one_upvote_per_person_on_top_of_imported_ones(alice):
    paper = make_paper(upvotes=7, list_date=date(2025, 1, 2))

    assert toggle_upvote(alice, paper.pk) == (True, 8)
    paper.refresh_from_db()
    assert (paper.upvote_count, paper.upvotes_imported, paper.upvotes_local) == (8, 7, 1)

    assert toggle_upvote(alice, paper.pk) == (False, 7)
    assert Upvote.objects.count() == 0


def test_it_votes_without_javascript_and_returns_to_the_page(client: Client, alice):
    paper = make_paper(upvotes=2, list_date=date(2025, 1, 2))
    client.force_login(alice)

    response = client.post(f"/vote/{paper.pk}", {"vote": "up", "next": "/papers?sort=new"})
    assert response.status_code == 302
    assert response["Location"] == "/papers?sort=new"
    paper.refresh_from_db()
    assert paper.upvote_count == 3

    # The form states what it wants, so a double submission counts once.
    client.post(f"/vote/{paper.pk}", {"vote": "up"})
    paper.refresh_from_db()
    assert paper.upvote_count == 3
    assert voted_paper_ids(alice, [paper.pk]) == {paper.pk}

    client.post(f"/vote/{paper.pk}", {"vote": "down"})
    paper.refresh_from_db()
    assert paper.upvote_count == 2


def test_it_answers_json_to_the_script(client: Client, alice):
    paper = make_paper(upvotes=1, list_date=date(2025, 1, 2))
    client.force_login(alice)
    response = client.post(f"/vote/{paper.pk}", {"vote": "up"}, headers={"accept": "application/json"})
    assert response.json() == {
        "paper": paper.pk,
        "voted": True,
        "count": 2,
        "imported": 1,
        "here": 1,
        "sources": "2 upvotes: 1 imported from Hugging Face, 1 here",
    }


def test_it_refuses_offsite_redirects(client: Client, alice):
    paper = make_paper(list_date=date(2025, 1, 2))
    client.force_login(alice)
    response = client.post(f"/vote/{paper.pk}", {"vote": "up", "next": "https://evil.example/"})
    assert response["Location"] == paper.get_absolute_url()


def test_it_sends_signed_out_people_to_log_in(client: Client):
    paper = make_paper(list_date=date(2025, 1, 2))
    response = client.post(f"/vote/{paper.pk}", {"vote": "up"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    json_response = client.post(f"/vote/{paper.pk}", {"vote": "up"}, headers={"accept": "application/json"})
    assert json_response.status_code == 401
    assert json_response.json()["login_url"].startswith("/accounts/login/")
    paper.refresh_from_db()
    assert paper.upvote_count == 0


def test_it_does_not_vote_on_get_or_on_hidden_papers(client: Client, alice):
    paper = make_paper(list_date=date(2025, 1, 2))
    hidden = make_paper(list_date=date(2025, 1, 2), hidden=True)
    client.force_login(alice)
    assert client.get(f"/vote/{paper.pk}").status_code == 405
    assert client.post(f"/vote/{hidden.pk}", {"vote": "up"}).status_code == 404
    assert Upvote.objects.count() == 0


def test_it_shows_the_pressed_state_in_the_vote_box(client: Client, alice):
    paper = make_paper(upvotes=4, list_date=date(2025, 1, 2))
    client.force_login(alice)
    client.post(f"/vote/{paper.pk}", {"vote": "up"})
    html = client.get(paper.get_absolute_url()).content.decode()
    assert 'aria-pressed="true"' in html
    assert 'name="vote" value="down"' in html
    assert "5 upvotes: 4 imported from Hugging Face, 1 here" in " ".join(html.split())
