"""The channels settings page: add a destination, send a test message, see errors; the URL never shown whole."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from paperwire.channels.models import Destination
from tests.channels.conftest import make_paper

SECRET = "s3cr3t-webhook-token-0123456789"


@pytest.fixture
def reader(client):
    user = get_user_model().objects.create_user("ada", "ada@example.com", "pw-123456789")
    client.force_login(user)
    return user


def add(client, url: str, **fields: object):
    data = {
        "url": url,
        "name": "Lab channel",
        "carries": "list",
        "paper_count": 5,
        "schedule": "each_list",
        "send_hour": 8,
        "weekday": 0,
        "time_zone": "UTC",
        **fields,
    }
    return client.post(reverse("channels:add"), data)


@pytest.mark.django_db
def test_it_adds_a_destination_and_shows_it_masked(client, reader, receiver):
    response = add(client, receiver.json_url(SECRET))
    assert response.status_code == 302
    page = client.get(reverse("channels:settings")).content.decode()
    assert "Lab channel" in page and "JSON" in page
    assert SECRET not in page and "s3…89" in page
    assert Destination.objects.get().owner == reader


@pytest.mark.django_db
def test_it_refuses_a_private_host_unless_the_admin_allows_it(client, reader, settings):
    settings.CHANNEL_ALLOW_PRIVATE = False
    response = add(client, "json://10.1.2.3:9/hook")
    assert response.status_code == 400
    assert "loopback, private or local address" in response.content.decode()
    assert not Destination.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_bad_time_zone_and_an_unknown_service(client, reader, receiver):
    response = add(client, "https://example.com/not-a-service", time_zone="Mars/Olympus")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Apprise does not recognise" in page and "Give a time zone" in page


@pytest.mark.django_db
def test_it_sends_a_test_message_and_reports_a_failure_with_its_error(client, reader, receiver):
    make_paper(upvotes=3)
    add(client, receiver.json_url("works"))
    add(client, receiver.json_url("broken"))
    receiver.script("/broken", [404])
    works, broken = Destination.objects.order_by("pk")

    ok = client.post(reverse("channels:test", args=[works.pk]), follow=True).content.decode()
    assert "Test message sent" in ok
    [message] = receiver.delivered("/works")
    assert message.payload["title"].startswith("Test from paperwire")
    failed = client.post(reverse("channels:test", args=[broken.pk]), follow=True).content.decode()
    assert "failed" in failed and "404" in failed


@pytest.mark.django_db
def test_it_changes_nothing_on_get_and_keeps_others_destinations_out_of_reach(client, reader, receiver):
    other = get_user_model().objects.create_user("bob", "bob@example.com", "pw-123456789")
    theirs = Destination.objects.create(owner=other, url=receiver.json_url("bob"), masked_url="json://x")
    assert client.get(reverse("channels:remove", args=[theirs.pk])).status_code == 405
    assert client.post(reverse("channels:remove", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("channels:test", args=[theirs.pk])).status_code == 404
    assert Destination.objects.filter(pk=theirs.pk).exists()


@pytest.mark.django_db
def test_it_switches_a_destination_back_on(client, reader, receiver):
    add(client, receiver.json_url("lab"))
    destination = Destination.objects.get()
    Destination.objects.filter(pk=destination.pk).update(enabled=False, consecutive_failures=5)
    client.post(reverse("channels:switch", args=[destination.pk]), {"enabled": "1"})
    destination.refresh_from_db()
    assert destination.enabled and destination.consecutive_failures == 0


@pytest.mark.django_db
def test_the_admin_never_shows_a_destination_url(admin_client, receiver):
    destination = Destination.objects.create(url=receiver.json_url(SECRET), masked_url="json://127.0.0.1/s3…89")
    changelist = admin_client.get(reverse("admin:channels_destination_changelist")).content.decode()
    change = admin_client.get(reverse("admin:channels_destination_change", args=[destination.pk])).content.decode()
    assert SECRET not in changelist and SECRET not in change
    assert "s3…89" in changelist


@pytest.mark.django_db
def test_the_admin_adds_an_instance_destination_on_any_host(admin_client, receiver, settings):
    settings.CHANNEL_ALLOW_PRIVATE = False  # the instance's own destinations are trusted
    data = {"new_url": receiver.json_url(SECRET), "name": "Lab", "carries": "list", "paper_count": 5}
    data |= {"schedule": "each_list", "send_hour": 8, "weekday": 0, "time_zone": "UTC", "enabled": "on"}
    response = admin_client.post(reverse("admin:channels_destination_add"), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    destination = Destination.objects.get()
    assert destination.owner is None and destination.url == receiver.json_url(SECRET)
    assert SECRET not in destination.masked_url
