"""Every write a person can repeat has a limit, answered with a clear 429 page."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache
from django.test import Client

from paperwire.community.comments import add_comment
from paperwire.community.models import Comment
from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def limits_on(settings):
    settings.RATELIMIT_ENABLED = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", "alice@example.org", "a-long-password-1")


def _hammer(client: Client, url: str, data: dict[str, str], times: int) -> list[int]:
    return [client.post(url, data).status_code for _ in range(times)]


def _assert_throttled(response, scope: str) -> None:
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert f"Too many requests ({scope})" in response.content.decode()


def test_it_limits_upvotes(client: Client, alice):
    paper = make_paper(list_date=date(2025, 1, 2))
    client.force_login(alice)
    codes = _hammer(client, f"/vote/{paper.pk}", {"vote": "up"}, 60)
    assert set(codes) == {302}
    _assert_throttled(client.post(f"/vote/{paper.pk}", {"vote": "down"}), "upvote")
    paper.refresh_from_db()
    assert paper.upvote_count == 1  # the throttled "down" changed nothing


def test_it_limits_comments_and_reports(client: Client, alice, django_user_model):
    paper = make_paper(list_date=date(2025, 1, 2))
    client.force_login(alice)
    assert set(_hammer(client, f"/comments/new/{paper.pk}", {"body": "hello"}, 10)) == {302}
    _assert_throttled(client.post(f"/comments/new/{paper.pk}", {"body": "one too many"}), "comment")
    assert Comment.objects.count() == 10

    bob = django_user_model.objects.create_user("bob", "bob@example.org", "a-long-password-2")
    comment = add_comment(paper, bob, "reported")
    assert set(_hammer(client, f"/comments/{comment.pk}/report", {"reason": "x"}, 10)) == {302}
    _assert_throttled(client.post(f"/comments/{comment.pk}/report", {"reason": "x"}), "report")


def test_it_limits_submissions(client: Client, alice):
    client.force_login(alice)
    # Invalid ids: refused before any network call, but each attempt counts.
    assert set(_hammer(client, "/submit", {"arxiv": "not an id"}, 10)) == {400}
    _assert_throttled(client.post("/submit", {"arxiv": "not an id"}), "submit")


def test_it_limits_sign_up_attempts(client: Client):
    for i in range(5):
        response = client.post("/accounts/signup/", {"email": f"bad{i}", "username": "", "password1": "x"})
        assert response.status_code == 200  # the form with its errors
    _assert_throttled(
        client.post("/accounts/signup/", {"email": "ok@example.org", "username": "ok", "password1": "x"}), "sign-up"
    )


def test_it_limits_log_in_attempts(client: Client):
    for i in range(10):
        response = client.post("/accounts/login/", {"login": f"who{i}@example.org", "password": "wrong-password"})
        assert response.status_code == 200
    _assert_throttled(
        client.post("/accounts/login/", {"login": "who@example.org", "password": "wrong-password"}), "log-in"
    )
