"""The follow button shows that a person is followed and undoes it in place, with and without JavaScript."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from playwright.sync_api import expect

from paperwire.library.models import Follow
from tests.papers.factories import make_paper

AUTHOR = "/authors/" + quote("Ion Stoica")


@pytest.mark.django_db
def test_it_shows_following_and_unfollows_without_javascript(client: Client, alice: User) -> None:
    make_paper(list_date=date(2026, 6, 1), authors=["Ion Stoica", "Matei Zaharia"])
    page = client.get(AUTHOR).content.decode()
    assert ">Follow</button>" in page and "data-follow-state hidden>✓ Following" in page

    followed = client.post("/library/follow", {"kind": "author", "target": "Ion Stoica", "next": AUTHOR}, follow=True)
    body = followed.content.decode()
    row = Follow.objects.get(user=alice)
    assert followed.redirect_chain[-1][0] == AUTHOR
    assert "data-follow-state >✓ Following</span>" in body and ">Unfollow</button>" in body
    assert f'action="/library/follow/{row.pk}/unfollow"' in body

    unfollowed = client.post(f"/library/follow/{row.pk}/unfollow", {"next": AUTHOR}, follow=True).content.decode()
    assert not Follow.objects.exists()
    assert ">Follow</button>" in unfollowed and 'action="/library/follow"' in unfollowed


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_follows_and_unfollows_in_place_in_a_browser(live_server: Any, page: Any, django_user_model: Any) -> None:
    make_paper(list_date=date(2026, 6, 1), authors=["Ion Stoica"])
    client = Client()
    client.force_login(django_user_model.objects.create_user("ada", "ada@example.org", "a-long-pw-123"))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])

    page.goto(f"{live_server.url}{AUTHOR}")
    page.evaluate("window.__stillHere = true")  # gone if the page reloads
    button = page.locator("[data-follow-button]")
    button.click()
    expect(button).to_have_text("Unfollow")
    expect(page.locator("[data-follow-state]")).to_be_visible()
    assert Follow.objects.filter(kind="author", target="ion stoica").count() == 1

    button.click()
    expect(button).to_have_text("Follow")
    expect(page.locator("[data-follow-state]")).to_be_hidden()
    assert not Follow.objects.exists()
    assert page.evaluate("window.__stillHere") is True

    page.reload()  # the server agrees
    expect(page.locator("[data-follow-button]")).to_have_text("Follow")
