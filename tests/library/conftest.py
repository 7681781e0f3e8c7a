from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.support.zotero_server import zotero_server  # noqa: F401 - the fixture, for the Zotero tests


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def alice(client: Client) -> User:
    """A signed-in reader."""
    user = User.objects.create_user("alice", "alice@example.org", "pw")
    client.force_login(user)
    return user
