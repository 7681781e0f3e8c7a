from __future__ import annotations

import re

import pytest
from django.test import Client

from paperwire.accounts.models import ApiToken
from paperwire.accounts.tokens import create_token, hash_token, user_for_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", "alice@example.org", "a-long-password-1")


def test_it_shows_a_new_token_once_and_stores_only_its_hash(client: Client, alice):
    client.force_login(alice)
    response = client.post("/tokens/new", {"name": "my script"}, follow=True)
    html = response.content.decode()
    match = re.search(r'<code class="new-token">(pw_[\w-]+)</code>', html)
    assert match is not None
    raw = match.group(1)

    token = ApiToken.objects.get()
    assert token.token_hash == hash_token(raw)
    assert raw not in (token.name, token.prefix, token.token_hash)
    assert user_for_token(raw) == alice

    again = client.get("/u/alice").content.decode()
    assert raw not in again
    assert "my script" in again
    assert token.prefix in again


def test_it_revokes_a_token_so_it_stops_working(client: Client, alice):
    token, raw = create_token(alice, "laptop")
    client.force_login(alice)
    response = client.post(f"/tokens/{token.pk}/revoke", follow=True)
    assert "The token was revoked" in response.content.decode()
    assert user_for_token(raw) is None


def test_it_does_not_let_people_revoke_or_see_other_peoples_tokens(client: Client, alice, django_user_model):
    token, raw = create_token(alice, "laptop")
    mallory = django_user_model.objects.create_user("mallory", "m@example.org", "a-long-password-2")
    client.force_login(mallory)
    assert client.post(f"/tokens/{token.pk}/revoke").status_code == 404
    assert "laptop" not in client.get("/u/alice").content.decode()
    assert user_for_token(raw) == alice


def test_it_rejects_unknown_tokens_and_tokens_of_banned_people(alice):
    _, raw = create_token(alice, "laptop")
    assert user_for_token("pw_not-a-real-token") is None
    assert user_for_token("") is None
    alice.is_active = False
    alice.save()
    assert user_for_token(raw) is None


def test_it_records_when_a_token_was_last_used(alice):
    token, raw = create_token(alice, "laptop")
    assert token.last_used_at is None
    user_for_token(raw)
    token.refresh_from_db()
    assert token.last_used_at is not None
