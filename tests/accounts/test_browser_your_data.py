"""A reader in Chromium: logs in with their user name, downloads their data, deletes their account."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from playwright.sync_api import expect

from paperwire.library.saving import set_note
from tests.papers.factories import make_paper

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-password-42"


def test_a_reader_downloads_their_data_then_deletes_their_account(live_server: Any, page: Any) -> None:
    reader = User.objects.create_user("grace", "grace@example.org", PASSWORD)
    EmailAddress.objects.create(user=reader, email="grace@example.org", verified=True, primary=True)
    set_note(reader, make_paper(title="Compilers"), "Read chapter 2.")
    problems: list[str] = []
    # The wrong password is answered 400 on purpose; anything else in the console is a problem.
    expected = "Failed to load resource: the server responded with a status of 400"
    page.on(
        "console",
        lambda message: (
            problems.append(message.text) if message.type == "error" and not message.text.startswith(expected) else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"exception {error}"))

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username or email").fill("grace")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.goto(f"{live_server.url}/u/grace")
    page.get_by_role("link", name="Your data: download or delete").click()
    expect(page.locator("h1")).to_have_text("Your data")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download my data (JSON)").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["account"]["username"] == "grace" and data["library"][0]["note"] == "Read chapter 2."

    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Delete my account and my data").click()
    expect(page.get_by_role("alert")).to_have_text("That is not your password.")
    assert User.objects.filter(username="grace").exists()

    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account and my data").click()
    expect(page.locator("h1")).to_have_text("Account deleted")
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    assert not User.objects.filter(username="grace").exists()
    assert problems == []
