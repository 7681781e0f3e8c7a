from __future__ import annotations

from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from paperwire.digests.models import Delivery, Edition
from tests.digests.conftest import SEND_TIME, make_paper, make_subscriber

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("digest", *args, stdout=out)
    return out.getvalue()


def test_it_previews_the_next_digest_without_sending_or_recording(smtp_server):
    make_paper("A <fine> paper", upvotes=4)
    make_subscriber("reader@example.com")

    with time_machine.travel(SEND_TIME):
        output = run("preview", "Reader@example.com")

    assert "Subject: Today's trending papers: A <fine> paper" in output
    assert "1. A <fine> paper" in output and "/unsubscribe/" in output
    assert smtp_server.messages == []
    assert not Edition.objects.exists() and not Delivery.objects.exists()


def test_it_says_when_the_preview_would_be_empty_or_the_address_unknown():
    make_subscriber("reader@example.com")
    with time_machine.travel(SEND_TIME):
        assert "no digest would be sent" in run("preview", "reader@example.com")
        with pytest.raises(CommandError):
            run("preview", "stranger@example.com")


def test_it_sends_due_editions_now_even_before_the_send_hour(smtp_server):
    make_paper(upvotes=4)
    make_subscriber("reader@example.com")

    with time_machine.travel(SEND_TIME.replace(hour=3)):
        assert run("send") == "0 digest(s) sent\n"
        assert run("send", "--now") == "1 digest(s) sent\n"

    assert [m.recipients for m in smtp_server.messages] == [["reader@example.com"]]
