"""Following authors, tags and categories; private feeds whose address can be revoked."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from paperwire.library.models import Follow, Tag
from paperwire.search.models import SavedSearch
from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db


def test_it_follows_an_author_with_a_private_feed_that_can_be_revoked(client: Client, alice: User) -> None:
    make_paper(title="By Hopper", authors=["Grace Hopper"])
    make_paper(title="By someone else", authors=["Alan Turing"])
    client.post("/library/follow", {"kind": "author", "target": "Grace  Hopper", "next": "/authors/Grace%20Hopper"})
    follow = Follow.objects.get(user=alice)
    assert (follow.kind, follow.label, follow.email) == ("author", "Grace Hopper", "off")

    feed = Client().get(f"/feeds/follow/{follow.feed_token}.atom")
    assert feed.status_code == 200
    body = feed.content.decode()
    assert "By Hopper" in body and "By someone else" not in body
    assert "By Hopper" in Client().get(f"/feeds/follow/{follow.feed_token}.rss").content.decode()

    old = follow.feed_token
    client.post(f"/library/follow/{follow.pk}/revoke")
    follow.refresh_from_db()
    assert follow.feed_token != old
    assert Client().get(f"/feeds/follow/{old}.atom").status_code == 404
    assert Client().get(f"/feeds/follow/{follow.feed_token}.atom").status_code == 200


def test_it_stores_the_email_choice_and_unfollows(client: Client, alice: User) -> None:
    client.post("/library/follow", {"kind": "category", "target": "cs.lg", "email": "weekly"})
    follow = Follow.objects.get(user=alice)
    assert (follow.target, follow.email) == ("cs.LG", "weekly")
    client.post(f"/library/follow/{follow.pk}/email", {"email": "daily"})
    follow.refresh_from_db()
    assert follow.email == "daily"
    page = client.get("/library/follows").content.decode()
    assert "cs.LG" in page and follow.feed_token in page
    client.post(f"/library/follow/{follow.pk}/unfollow")
    assert not Follow.objects.exists()


def test_it_refuses_unknown_categories_and_other_peoples_tags(client: Client, alice: User) -> None:
    bob = User.objects.create_user("bob", "bob@example.org", "pw")
    tag = Tag.objects.create(user=bob, name="secret")
    client.post("/library/follow", {"kind": "category", "target": "cs.XYZ"})
    client.post("/library/follow", {"kind": "tag", "target": str(tag.pk)})
    client.post("/library/follow", {"kind": "planet", "target": "Mars"})
    assert not Follow.objects.exists()


def test_it_feeds_a_followed_tag_and_shows_the_follow_button(client: Client, alice: User) -> None:
    paper = make_paper(title="Tagged paper")
    client.post(f"/library/tags/{paper.pk}", {"tags": "share"})
    tag = Tag.objects.get(user=alice)
    page = client.get("/library", {"tag": tag.pk}).content.decode()
    assert 'name="kind" value="tag"' in page
    client.post("/library/follow", {"kind": "tag", "target": str(tag.pk)})
    follow = Follow.objects.get(user=alice)
    assert "Tagged paper" in Client().get(f"/feeds/follow/{follow.feed_token}.atom").content.decode()
    assert 'aria-pressed="true"' in client.get("/library", {"tag": tag.pk}).content.decode()


def test_it_follows_from_the_author_page(client: Client, alice: User) -> None:
    make_paper(title="By Hopper", authors=["Grace Hopper"])
    page = client.get("/authors/Grace%20Hopper").content.decode()
    assert 'action="/library/follow"' in page and 'name="target" value="Grace Hopper"' in page
    response = client.post(
        "/library/follow", {"kind": "author", "target": "Grace Hopper", "next": "/authors/Grace%20Hopper"}
    )
    assert response.status_code == 302 and response["Location"] == "/authors/Grace%20Hopper"
    follow = Follow.objects.get(user=alice)
    assert (follow.kind, follow.label) == ("author", "Grace Hopper")


def test_it_follows_a_saved_search_and_feeds_its_results(client: Client, alice: User) -> None:
    make_paper(title="Diffusion transformers for protein folding", authors=["Ada Lovelace"])
    make_paper(title="A survey of garden birds", authors=["Alan Turing"])
    saved = SavedSearch.objects.create(owner=alice, query_string="q=diffusion+transformers")
    someone_elses = SavedSearch.objects.create(
        owner=User.objects.create_user("bob", "bob@example.org", "pw"), query_string="q=birds"
    )

    client.post("/library/follow", {"kind": "saved_search", "target": str(someone_elses.pk)})
    assert not Follow.objects.exists()
    client.post("/library/follow", {"kind": "saved_search", "target": str(saved.pk)})
    follow = Follow.objects.get(user=alice)

    body = Client().get(f"/feeds/follow/{follow.feed_token}.atom").content.decode()
    assert "Diffusion transformers for protein folding" in body
    assert "garden birds" not in body
