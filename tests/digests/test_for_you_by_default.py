"""For you is on for a new subscriber with a library, and the settings say what each section will carry."""

from __future__ import annotations

import html
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from paperwire.digests import links
from paperwire.digests.models import Subscription
from paperwire.digests.sending import send_due_digests
from paperwire.library.follows import follow
from paperwire.library.models import Follow
from tests.digests.conftest import SEND_TIME, make_subscriber
from tests.digests.test_personal_digest import SITE, library, paper, reader

pytestmark = pytest.mark.django_db

__all__ = ["library", "reader"]  # fixtures shared with the personal digest's tests


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _plan(page: str) -> dict[str, str]:
    """The settings page's "what each digest carries" lines, by section."""
    found = re.findall(r'<li data-section="(\w+)" data-papers="\d+"><strong>[^<]*</strong> ([^<]*)</li>', page)
    return {section: html.unescape(sentence) for section, sentence in found}


def test_a_new_subscriber_with_a_library_gets_for_you_without_asking(smtp_server, reader, library):
    liked = paper("Deeper graph neural networks", ["Grace Hopper"], "Graph neural networks on molecular graphs.")
    paper("Tax policy in the long run", ["Someone Else"], "Economics of taxes and growth.", upvotes=99)

    _signed_in(reader).post("/subscribe")  # the one-click subscription of the profile page

    assert Subscription.objects.get(user=reader).for_you_count == 10
    assert send_due_digests(SEND_TIME) == 1
    text = smtp_server.messages[0].text()
    assert "== For you ==" in text and liked.title in text


def test_the_settings_say_how_many_papers_each_section_will_carry(reader, library):
    client = _signed_in(reader)
    client.post("/subscribe")

    plan = _plan(client.get("/subscribe/preferences").content.decode())
    assert plan["for_you"] == "Up to 10 papers of the period ranked for your library (1 saved)."
    assert plan["trending"] == "Up to 10 papers of the period's trending papers."
    assert plan["follows"] == "Empty: none of your follows has email on (see Follows)."
    assert plan["updates"].startswith("Up to 10 new versions")

    follow(reader, Follow.Kind.AUTHOR, "Grace Hopper", email=Follow.Email.DAILY)
    form = {"frequency": "daily", "weekday": "0", "paper_count": "3", "for_you_count": "0", "follows_count": "4"}
    client.post("/subscribe/preferences", {**form, "categories": "cs.LG"})
    plan = _plan(client.get("/subscribe/preferences").content.decode())
    assert plan["for_you"] == "Off. You have 1 paper saved, upvoted or commented on."
    assert plan["follows"] == "Up to 4 new papers from your 1 follow with email on."
    assert plan["trending"] == "Up to 3 papers of the period's trending papers in cs.LG."


def test_turning_for_you_off_keeps_it_out_of_the_digest(smtp_server, reader, library):
    paper("Deeper graph neural networks", ["Grace Hopper"], "Graph neural networks on molecular graphs.")
    paper("Tax policy in the long run", ["Someone Else"], "Economics of taxes and growth.", upvotes=99)
    make_subscriber("reader@example.com", user=reader, for_you_count=0)

    assert send_due_digests(SEND_TIME) == 1
    assert "== For you ==" not in smtp_server.messages[0].text()


def test_a_subscriber_without_a_library_or_an_account_is_told_why_for_you_is_empty(reader):
    client = _signed_in(reader)
    client.post("/subscribe")
    assert _plan(client.get("/subscribe/preferences").content.decode())["for_you"].startswith(
        "Empty until you save, upvote or comment on a paper; then up to 10 papers"
    )

    anonymous = make_subscriber("someone@example.org")
    page = Client().get(links.preferences_url(anonymous).removeprefix(SITE)).content.decode()
    assert _plan(page)["for_you"] == "Needs an account: sign up with this address to get it."


def test_the_api_subscribes_with_for_you_on(reader):
    from paperwire.accounts.tokens import create_token

    _, raw = create_token(reader, "cli")
    response = Client().put(
        "/api/v1/subscription",
        {"frequency": "weekly"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 200, response.content
    assert response.json()["for_you_count"] == 10
