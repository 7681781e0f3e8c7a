"""The preferences page reads as sentences, suggests arXiv categories and previews the next digest."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from paperwire.digests import links
from paperwire.digests.models import Delivery, DeliveryStatus, Edition, Frequency, Subscription
from tests.digests.conftest import SEND_TIME, YESTERDAY, make_paper, make_subscriber

pytestmark = pytest.mark.django_db


def _path(subscription: Subscription) -> str:
    return links.preferences_url(subscription).removeprefix("https://papers.example.org")


def test_it_puts_each_checkbox_and_radio_inside_its_label(client: Client) -> None:
    page = client.get(_path(make_subscriber("reader@example.com"))).content.decode()
    assert '<label class="choice" for="id_skip_weekends"><input type="checkbox"' in page
    assert "No daily digest on Saturday and Sunday</label>" in page
    assert "<legend>How often</legend>" in page
    assert 'type="radio" name="frequency" value="weekly"' in page.split("Weekly</label>")[0].rsplit("<label", 1)[1]


def test_it_suggests_categories_from_arxiv_taxonomy(client: Client) -> None:
    page = client.get(_path(make_subscriber("reader@example.com"))).content.decode()
    assert 'list="arxiv-categories"' in page
    assert '<option value="cs.LG">Machine Learning</option>' in page
    assert '<option value="cs">Computer Science</option>' in page


def test_it_adds_a_picked_category_in_arxiv_spelling(client: Client) -> None:
    subscription = make_subscriber("reader@example.com", categories=["cs.CL"])
    form = {"frequency": "daily", "weekday": "0", "paper_count": "5", "categories": "cs.CL", "add_category": "cs.lg"}
    assert client.post(_path(subscription), form).status_code == 302
    subscription.refresh_from_db()
    assert subscription.categories == ["cs.CL", "cs.LG"]


def test_it_refuses_an_unknown_added_category_with_a_suggestion(client: Client) -> None:
    subscription = make_subscriber("reader@example.com")
    form = {"frequency": "daily", "weekday": "0", "paper_count": "5", "categories": "", "add_category": "cs.LGX"}
    page = client.post(_path(subscription), form).content.decode()
    assert "Not an arXiv category: cs.LGX (did you mean cs.LG?)" in page


def test_it_previews_the_next_digest_on_the_preferences_page(client: Client) -> None:
    make_paper("A <fine> paper", upvotes=4)
    subscription = make_subscriber("reader@example.com")
    with time_machine.travel(SEND_TIME):
        page = client.get(_path(subscription) + "?preview=1").content.decode()
    assert "Preview my next digest" in page
    assert "Subject:</strong> Today&#x27;s trending papers: A &lt;fine&gt; paper" in page
    assert not Edition.objects.exists() and not Delivery.objects.exists()  # a preview records nothing


def test_it_says_nothing_would_be_sent_when_no_papers_were_listed(client: Client) -> None:
    subscription = make_subscriber("reader@example.com")
    with time_machine.travel(SEND_TIME):
        page = client.get(_path(subscription) + "?preview=1").content.decode()
    assert "Nothing would be sent." in page
    assert "No new papers since the last edition" in page


def test_it_says_nothing_would_be_sent_when_every_paper_was_already_received(client: Client) -> None:
    paper = make_paper("Read already", upvotes=4)
    subscription = make_subscriber("reader@example.com")
    edition = Edition.objects.create(
        frequency=Frequency.DAILY, issue_date=YESTERDAY, period_start=YESTERDAY, period_end=YESTERDAY
    )
    Delivery.objects.create(
        edition=edition,
        subscription=subscription,
        status=DeliveryStatus.SENT,
        sent_at=timezone.now(),
        next_attempt_at=timezone.now(),
        paper_ids=[paper.pk],
    )
    with time_machine.travel(SEND_TIME):
        page = client.get(_path(subscription) + "?preview=1").content.decode()
    assert "No new papers since the last edition: you already received every paper" in page


def test_it_says_when_the_chosen_categories_match_nothing(client: Client) -> None:
    make_paper("Only learning", upvotes=4, categories=["cs.LG"])
    subscription = make_subscriber("reader@example.com", categories=["math.PR"])
    with time_machine.travel(SEND_TIME):
        page = client.get(_path(subscription) + "?preview=1").content.decode()
    assert "None of the period&#x27;s 1 trending papers is in your categories (math.PR)" in page


def test_it_stops_showing_the_subscribe_banner_once_subscribed(client: Client) -> None:
    assert b"data-subscribe-banner" in client.get("/about").content
    client.post("/subscribe", {"email": "new@example.com"})
    assert b"data-subscribe-banner" not in client.get("/about").content
