"""Posting lists to real local receivers: exactly once, retried with back-off, switched off after failures."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model

from paperwire.channels.models import ChannelDelivery, DeliveryStatus, Destination, Schedule
from paperwire.channels.sending import send_due_channels
from tests.channels.conftest import NOW, YESTERDAY, make_destination, make_paper


def owner(name: str = "ada") -> object:
    return get_user_model().objects.create_user(name, f"{name}@example.com", "pw-123456789")


@pytest.mark.django_db
def test_it_posts_each_new_list_once_in_markdown_or_text_as_the_service_renders_it(receiver):
    papers = [make_paper(upvotes=n) for n in range(8)]
    user = owner()
    make_destination(receiver.json_url("lab"), owner=user, paper_count=3)
    make_destination(receiver.mattermost_url("mmtoken1234"), owner=user, paper_count=3)

    assert send_due_channels(NOW) == 2
    assert send_due_channels(NOW + timedelta(minutes=1)) == 0  # nothing twice

    [plain] = receiver.delivered("/lab")
    best = papers[-1]
    assert plain.payload["title"] == "Daily papers, 24 November 2026"
    assert best.title in plain.text
    assert f"https://papers.example.org/papers/{best.arxiv_id}" in plain.text
    assert "Ada Lovelace et al. · ▲ 7" in plain.text
    assert "We make transformers" in plain.text and "Then we show" not in plain.text
    assert "and 5 more → https://papers.example.org/papers/date/2026-11-24" in plain.text
    assert "**" not in plain.text

    [markdown] = receiver.delivered("/hooks/mmtoken1234")
    escaped = best.title.replace("[", "\\[").replace("]", "\\]").replace("*", "\\*")
    assert f"**[{escaped}](https://papers.example.org/papers/{best.arxiv_id})**" in markdown.text
    assert "[and 5 more →](https://papers.example.org/papers/date/2026-11-24)" in markdown.text


@pytest.mark.django_db
def test_it_posts_a_list_imported_while_the_worker_was_down_to_the_instance_channels(receiver, settings):
    settings.CHANNEL_ALLOW_PRIVATE = False  # instance destinations are trusted whatever their host
    settings.CHANNELS = [receiver.json_url("instance")]
    send_due_channels(NOW)  # the worker knows the destination; no list yet
    Destination.objects.update(created_at=NOW - timedelta(days=3))
    # Two lists arrive while no worker runs; both are settled (their day is over).
    make_paper(upvotes=3, list_date=YESTERDAY - timedelta(days=1))
    make_paper(upvotes=4, list_date=YESTERDAY)

    assert send_due_channels(NOW + timedelta(hours=5)) == 2
    assert send_due_channels(NOW + timedelta(hours=6)) == 0
    titles = sorted(r.payload["title"] for r in receiver.delivered("/instance"))
    assert titles == ["Daily papers, 23 November 2026", "Daily papers, 24 November 2026"]


@pytest.mark.django_db
def test_it_waits_for_todays_list_to_settle(receiver):
    make_destination(receiver.json_url("lab"), owner=owner())
    make_paper(upvotes=1, list_date=NOW.date())
    assert send_due_channels(NOW) == 0  # today's list is still growing
    make_paper(upvotes=1, list_date=NOW.date() + timedelta(days=1))  # the next list has started
    assert send_due_channels(NOW) == 1
    assert receiver.delivered("/lab")[0].payload["title"] == "Daily papers, 25 November 2026"


@pytest.mark.django_db
def test_it_retries_a_receiver_that_answers_500_then_200(receiver):
    make_paper(upvotes=2)
    destination = make_destination(receiver.json_url("flaky"), owner=owner())
    receiver.script("/flaky", [500, 200])

    assert send_due_channels(NOW) == 0
    delivery = ChannelDelivery.objects.get()
    destination.refresh_from_db()
    assert delivery.status == DeliveryStatus.RETRYING
    assert "500" in destination.last_error and destination.consecutive_failures == 1
    assert send_due_channels(NOW + timedelta(seconds=30)) == 0  # still backing off
    assert send_due_channels(NOW + timedelta(seconds=61)) == 1

    assert len(receiver.attempts("/flaky")) == 2
    assert len(receiver.delivered("/flaky")) == 1
    destination.refresh_from_db()
    assert destination.consecutive_failures == 0 and destination.enabled


@pytest.mark.django_db
def test_it_switches_off_a_destination_that_answers_404_and_emails_its_owner(receiver, smtp_server, settings, client):
    settings.CHANNEL_MAX_FAILURES = 3
    make_paper(upvotes=2)
    user = owner()
    broken = make_destination(receiver.json_url("gone-hook-secret"), owner=user)
    healthy = make_destination(receiver.json_url("fine"), owner=user)
    receiver.script("/gone-hook-secret", [404])

    now = NOW
    for _ in range(6):
        send_due_channels(now)
        now += timedelta(hours=7)

    broken.refresh_from_db()
    assert not broken.enabled and broken.consecutive_failures == 3
    assert "404" in broken.last_error
    assert len(receiver.attempts("/gone-hook-secret")) == 3  # no more once switched off
    assert len(receiver.delivered("/fine")) == 1  # the failing one never held it up
    assert ChannelDelivery.objects.get(destination=broken).status == DeliveryStatus.FAILED
    [mail] = smtp_server.messages
    assert mail.recipients == ["ada@example.com"]
    assert "stopped posting" in mail.subject and "404" in mail.text()
    assert broken.url not in mail.text()
    assert healthy.enabled
    metrics = client.get("/metrics").content.decode()
    assert 'paperwire_channel_deliveries{status="failed"} 1.0' in metrics
    assert 'paperwire_channel_deliveries{status="sent"} 1.0' in metrics


@pytest.mark.django_db
def test_it_posts_daily_at_the_hour_of_the_destinations_time_zone(receiver):
    make_paper(upvotes=2)
    make_destination(
        receiver.json_url("tokyo"), owner=owner(), schedule=Schedule.DAILY, send_hour=20, time_zone="Asia/Tokyo"
    )
    # 09:00 UTC is 18:00 in Tokyo: not yet.
    assert send_due_channels(NOW) == 0
    # 11:00 UTC is 20:00 in Tokyo; the message covers the list before the local day.
    assert send_due_channels(NOW + timedelta(hours=2)) == 1
    assert send_due_channels(NOW + timedelta(hours=3)) == 0
    assert ChannelDelivery.objects.get().edition_key == "daily:2026-11-25"
