"""Destinations that carry a follow's new papers or For you for their owner."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from paperwire.channels.models import Carries, ChannelDelivery, DeliveryStatus
from paperwire.channels.sending import send_due_channels
from paperwire.library.follows import follow
from paperwire.library.saving import save_paper
from tests.channels.conftest import NOW, YESTERDAY, make_destination, make_paper


@pytest.fixture
def ada():
    return get_user_model().objects.create_user("ada", "ada@example.com", "pw-123456789")


@pytest.mark.django_db
def test_it_posts_only_the_new_papers_of_a_followed_author(receiver, ada):
    hopper = make_paper(upvotes=1, authors=["Grace Hopper", "Alan Turing"])
    make_paper(upvotes=9)
    make_paper(upvotes=1, authors=["Grace Hopper"], list_date=YESTERDAY.replace(day=1))  # an older list
    followed = follow(ada, "author", "Grace Hopper")
    make_destination(receiver.json_url("hopper"), owner=ada, carries=Carries.FOLLOW, follow=followed)

    assert send_due_channels(NOW) == 1
    [message] = receiver.delivered("/hopper")
    assert message.payload["title"] == "Grace Hopper: new papers, 24 November 2026"
    assert f"https://papers.example.org/papers/{hopper.arxiv_id}" in message.text
    assert message.text.count("https://papers.example.org/papers/26") == 1


@pytest.mark.django_db
def test_it_posts_for_you_ranked_for_the_owners_library(receiver, ada):
    liked = make_paper(upvotes=0, authors=["Grace Hopper"], list_date=YESTERDAY.replace(day=1))
    liked.title, liked.abstract = "Compilers for tiny machines", "We compile programs for tiny machines."
    liked.save()
    save_paper(ada, liked)
    like_it = make_paper(upvotes=0, authors=["Grace Hopper", "Ada Lovelace"])
    like_it.title, like_it.abstract = "Compilers for tiny machines, again", "We compile programs for tiny machines."
    like_it.save()
    for _ in range(3):
        make_paper(upvotes=20)
    make_destination(receiver.json_url("mine"), owner=ada, carries=Carries.FOR_YOU, paper_count=1)

    assert send_due_channels(NOW) == 1
    [message] = receiver.delivered("/mine")
    assert message.payload["title"] == "For you, 24 November 2026"
    assert f"/papers/{like_it.arxiv_id}" in message.text
    assert "more → https://papers.example.org/for-you" in message.text


@pytest.mark.django_db
def test_an_instance_destination_has_no_for_you_and_skips_it(receiver):
    make_paper(upvotes=1)
    make_destination(receiver.json_url("instance"), carries=Carries.FOR_YOU)
    assert send_due_channels(NOW) == 0
    assert ChannelDelivery.objects.get().status == DeliveryStatus.SKIPPED
    assert receiver.delivered() == []


@pytest.mark.django_db
def test_the_form_asks_which_follow(client, ada, receiver):
    client.force_login(ada)
    data = {"url": receiver.json_url("x"), "carries": "follow", "paper_count": 5, "schedule": "each_list"}
    data |= {"send_hour": 8, "weekday": 0, "time_zone": "UTC"}
    response = client.post(reverse("channels:add"), data)
    assert response.status_code == 400
    assert "Choose which of your follows" in response.content.decode()
    followed = follow(ada, "category", "cs.LG")
    assert client.post(reverse("channels:add"), data | {"follow": followed.pk}).status_code == 302
