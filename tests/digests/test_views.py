from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from paperwire.digests import links
from paperwire.digests.models import Frequency, Subscription, SubscriptionStatus
from tests.digests.conftest import make_subscriber

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https://papers\.example\.org(/\S+)")


def link_in(text: str, part: str) -> str:
    return next(path for path in LINK.findall(text) if part in path)


def test_it_sends_one_confirmation_and_nothing_else_before_confirming(client, smtp_server):
    response = client.post("/subscribe", {"email": "New@Example.com "})

    assert response.status_code == 200
    assert b"Check your inbox" in response.content
    [mail] = smtp_server.messages
    assert mail.recipients == ["new@example.com"]
    assert mail.subject == "Confirm your subscription"
    assert Subscription.objects.get().status == SubscriptionStatus.PENDING
    # A second submission right away sends nothing more (no inbox flooding).
    client.post("/subscribe", {"email": "new@example.com"})
    assert len(smtp_server.messages) == 1


def test_it_answers_the_same_whether_or_not_the_address_is_subscribed(client, smtp_server):
    make_subscriber("known@example.com")

    known = client.post("/subscribe", {"email": "known@example.com"})
    unknown = client.post("/subscribe", {"email": "unknown@example.com"})

    def page(response, email):
        return response.content.decode().replace(email, "ADDRESS")

    assert known.status_code == unknown.status_code == 200
    assert page(known, "known@example.com") == page(unknown, "unknown@example.com")
    # The owner of the known address learns someone tried, with their links.
    [already] = smtp_server.sink.to("known@example.com")
    assert already.subject == "You are already subscribed"
    assert "/subscribe/preferences/" in already.text()


def test_it_confirms_only_on_post_from_the_emailed_link(client, smtp_server):
    client.post("/subscribe", {"email": "reader@example.com"})
    confirm_path = link_in(smtp_server.messages[0].text(), "/subscribe/confirm/")

    page = client.get(confirm_path)
    assert page.status_code == 200 and b"Confirm my subscription" in page.content
    assert Subscription.objects.get().status == SubscriptionStatus.PENDING  # GET changes nothing

    response = client.post(confirm_path)
    assert response.status_code == 302 and "/subscribe/preferences/" in response["Location"]
    assert Subscription.objects.get().status == SubscriptionStatus.ACTIVE


def test_it_refuses_expired_and_tampered_confirmation_links(client, smtp_server):
    client.post("/subscribe", {"email": "reader@example.com"})
    confirm_path = link_in(smtp_server.messages[0].text(), "/subscribe/confirm/")

    assert client.post(confirm_path[:-2] + "xx").status_code == 400
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        response = client.post(confirm_path)
    assert response.status_code == 400 and b"expired" in response.content
    assert Subscription.objects.get().status == SubscriptionStatus.PENDING


def test_it_does_not_accept_a_confirmation_link_as_an_unsubscribe_link(client):
    subscription = make_subscriber("reader@example.com")
    token = links.make_token(subscription, links.CONFIRM_SALT)

    assert client.post(f"/unsubscribe/{token}").status_code == 400
    assert Subscription.objects.get().status == SubscriptionStatus.ACTIVE


def test_it_saves_preferences_from_the_signed_link_without_logging_in(client):
    subscription = make_subscriber("reader@example.com")
    path = links.preferences_url(subscription).removeprefix("https://papers.example.org")

    page = client.get(path)
    assert page.status_code == 200 and b"reader@example.com" in page.content
    response = client.post(
        path,
        {
            "frequency": "weekly",
            "weekday": "4",
            "paper_count": "5",
            "categories": "cs.LG, cs.CL",
            "interests": "low-bit quantisation\nRL for LLM reasoning",
        },
    )
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert subscription.frequency == Frequency.WEEKLY and subscription.weekday == 4
    assert subscription.paper_count == 5 and subscription.categories == ["cs.CL", "cs.LG"]
    assert subscription.interest_lines == ["low-bit quantisation", "RL for LLM reasoning"]


def test_it_rejects_invalid_categories(client):
    subscription = make_subscriber("reader@example.com")
    path = links.preferences_url(subscription).removeprefix("https://papers.example.org")

    response = client.post(path, {"frequency": "daily", "weekday": "0", "paper_count": "5", "categories": "<b>x"})

    assert response.status_code == 200 and b"Not an arXiv category: &lt;b&gt;x" in response.content


def test_it_refuses_unknown_categories_naming_each_code(client):
    subscription = make_subscriber("reader@example.com", categories=["cs.CL"])
    path = links.preferences_url(subscription).removeprefix("https://papers.example.org")

    response = client.post(
        path, {"frequency": "daily", "weekday": "0", "paper_count": "5", "categories": "cs.LGX, foo, cs.CL"}
    )

    page = response.content.decode()
    assert response.status_code == 200 and "Preferences saved" not in page
    assert "Not arXiv categories: cs.LGX (did you mean cs.LG?), foo." in page
    subscription.refresh_from_db()
    assert subscription.categories == ["cs.CL"]


def test_it_saves_categories_in_arxivs_spelling(client):
    subscription = make_subscriber("reader@example.com")
    path = links.preferences_url(subscription).removeprefix("https://papers.example.org")

    response = client.post(
        path, {"frequency": "daily", "weekday": "0", "paper_count": "5", "categories": "cs.lg math hep-th stat.ML"}
    )

    assert response.status_code == 302
    subscription.refresh_from_db()
    assert subscription.categories == ["cs.LG", "hep-th", "math", "stat.ML"]


def test_it_unsubscribes_with_a_one_click_post_without_cookies_or_csrf():
    subscription = make_subscriber("reader@example.com")
    path = links.unsubscribe_url(subscription).removeprefix("https://papers.example.org")
    client = Client(enforce_csrf_checks=True)

    assert client.get(path).status_code == 200
    assert Subscription.objects.get().status == SubscriptionStatus.ACTIVE
    response = client.post(path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")

    assert response.status_code == 200
    assert Subscription.objects.get().status == SubscriptionStatus.UNSUBSCRIBED


def test_it_needs_a_new_confirmation_to_come_back_and_retires_old_links(client, smtp_server):
    subscription = make_subscriber("reader@example.com", status=SubscriptionStatus.UNSUBSCRIBED)
    old_unsubscribe = links.unsubscribe_url(subscription).removeprefix("https://papers.example.org")

    client.post("/subscribe", {"email": "reader@example.com"})

    assert smtp_server.messages[0].subject == "Confirm your subscription"
    assert Subscription.objects.get().status == SubscriptionStatus.PENDING
    assert client.post(old_unsubscribe).status_code == 400


def test_it_subscribes_a_signed_in_person_in_one_click(client, smtp_server):
    user = get_user_model().objects.create_user("ada", "Ada@Example.com", None)
    client.force_login(user)

    response = client.post("/subscribe")

    assert response.status_code == 302 and response["Location"] == "/subscribe/preferences"
    subscription = Subscription.objects.get()
    assert subscription.email == "ada@example.com" and subscription.user == user
    assert subscription.status == SubscriptionStatus.ACTIVE
    assert smtp_server.messages == []  # the account's address is already verified
    assert b"Digest preferences" in client.get("/subscribe/preferences").content


def test_it_rejects_get_on_subscribe_and_bad_addresses(client, smtp_server):
    assert client.get("/subscribe").status_code == 405
    assert client.post("/subscribe", {"email": "not an address"}).status_code == 400
    assert smtp_server.messages == []


def test_it_offers_the_profile_box_with_a_one_click_button_or_the_preferences_link(rf):
    from django.template.loader import render_to_string

    from paperwire.digests.profile import profile_subscription_context

    user = get_user_model().objects.create_user("ada", "ada@example.com", None)
    request = rf.get("/u/ada")
    request.user = user

    before = render_to_string("digests/_profile_subscription.html", profile_subscription_context(user), request)
    make_subscriber("ada@example.com", user=user)
    after = render_to_string("digests/_profile_subscription.html", profile_subscription_context(user), request)

    assert 'action="/subscribe"' in before and "Subscribe in one click" in before
    assert 'href="/subscribe/preferences"' in after and "ada@example.com" in after


def test_it_shows_signed_in_people_a_one_click_banner(client):
    anonymous = client.get("/unsubscribe/not-a-token").content.decode()
    client.force_login(get_user_model().objects.create_user("ada", "ada@example.com", None))
    signed_in = client.get("/unsubscribe/not-a-token").content.decode()

    assert 'id="subscribe-email"' in anonymous
    assert 'id="subscribe-email"' not in signed_in and 'class="subscribe-form"' in signed_in
