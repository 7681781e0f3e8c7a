"""Which destination URLs a person may add: services Apprise knows, on public hosts; always shown masked."""

from __future__ import annotations

import sys

import pytest
from django.views.debug import ExceptionReporter

from paperwire.channels.addresses import DestinationError, read_address
from paperwire.channels.posting import post

SLACK = "https://hooks.slack.com/services/T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ"
DISCORD = "https://discord.com/api/webhooks/4174216298/JHMHI8qBe7bk2ZwO5U711o3dV_js"


@pytest.mark.parametrize(
    "url",
    [
        "json://127.0.0.1:9000/hook",
        "json://localhost/hook",
        "jsons://10.1.2.3/hook",
        "mmost://192.168.0.10/token123456",
        "ntfy://[::1]:8080/topic",
        "json://169.254.169.254/latest",  # cloud metadata
        "json://2130706433/hook",  # 127.0.0.1 written as a number
        "json://papers.example.org/hook",  # paperwire itself
    ],
)
def test_it_refuses_a_persons_destination_on_loopback_private_or_its_own_host(url, settings):
    settings.CHANNEL_ALLOW_PRIVATE = False
    settings.SITE_URL = "https://papers.example.org"
    with pytest.raises(DestinationError):
        read_address(url, trusted=False)


@pytest.mark.parametrize("url", ["https://example.com/hook", "ftp://example.com/x", "dbus://", "gnome://", "hello", ""])
def test_it_refuses_what_is_not_a_chat_service_apprise_knows(url):
    with pytest.raises(DestinationError):
        read_address(url, trusted=True)


def test_it_accepts_cloud_services_whose_url_holds_only_tokens_without_looking_them_up(settings):
    settings.CHANNEL_ALLOW_PRIVATE = False
    assert read_address(SLACK, trusted=False).service == "Slack"
    assert read_address(DISCORD, trusted=False).service == "Discord"


def test_it_lets_the_admin_allow_private_hosts_and_trusts_instance_destinations(settings):
    settings.CHANNEL_ALLOW_PRIVATE = False
    assert read_address("json://127.0.0.1:9000/hook", trusted=True).service == "JSON"
    settings.CHANNEL_ALLOW_PRIVATE = True
    assert read_address("json://127.0.0.1:9000/hook", trusted=False).service == "JSON"


@pytest.mark.parametrize(
    ("url", "secret"),
    [
        (SLACK, "TIiajkdnlazkcOXrIdevi7FQ"),
        (DISCORD, "JHMHI8qBe7bk2ZwO5U711o3dV_js"),
        ("jsons://user:hunter2pass@example.com/hooks/s3cr3t-webhook-token", "s3cr3t-webhook-token"),
        ("jsons://user:hunter2pass@example.com/hooks/x", "hunter2pass"),
        ("jsons://example.com/hook?token=abcdefsecret", "abcdefsecret"),
    ],
)
def test_it_masks_the_secret_parts_of_a_url(url, secret):
    masked = read_address(url, trusted=True).masked
    assert secret not in masked
    assert masked.split("://")[0] in {"slack", "discord", "jsons"}


def test_an_error_report_from_inside_a_post_never_shows_the_url(settings):
    settings.DEBUG = False  # as in production, where reports go to the admins
    try:
        post("jsons://example.com/hooks/s3cr3t-webhook-token", None, trusted=True)  # type: ignore[arg-type]
    except AttributeError:  # a bug inside the send
        frames = ExceptionReporter(None, *sys.exc_info()).get_traceback_data()["frames"]
    [post_frame] = [frame for frame in frames if frame["function"] == "post"]
    shown = dict(post_frame["vars"])
    assert "s3cr3t" not in str(shown)
    assert set(shown["url"].strip("'")) == {"*"}  # listed, its value hidden
