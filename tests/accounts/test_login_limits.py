"""Log-in limits: failures per client, whatever was typed, on the site and in the admin, behind a proxy."""

from __future__ import annotations

import ipaddress
import os
import subprocess
import sys
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-42"
PROXY = "10.0.0.2"
WRONG = "wrong-password"
GHOST = "ghost@example.org"  # an address with no account


@pytest.fixture(autouse=True)
def limits_on(settings):
    settings.RATELIMIT_ENABLED = True
    settings.TRUSTED_PROXIES = (ipaddress.ip_network("10.0.0.0/24"),)
    cache.clear()  # allauth's own limits live in the cache, not in the test's transaction
    yield
    cache.clear()


def _log_in(client: Client, login: str, password: str = WRONG, **meta: Any) -> int:
    return client.post("/accounts/login/", {"login": login, "password": password}, **meta).status_code


def _admin_log_in(client: Client, username: str, password: str = WRONG, **meta: Any) -> int:
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password}, **meta).status_code


@pytest.mark.parametrize("login", ["ghost", "ghost@example.org", "", "x" * 300])
def test_it_answers_the_eleventh_failed_log_in_with_429_whatever_the_name(client: Client, login: str):
    assert [_log_in(client, login) for _ in range(10)] == [200] * 10
    response = client.post("/accounts/login/", {"login": login, "password": "wrong-password"})
    assert response.status_code == 429
    assert "Too many requests (log-in)" in response.content.decode()
    assert int(response["Retry-After"]) > 0


def test_it_does_not_count_log_ins_that_succeed(client: Client, django_user_model):
    user = django_user_model.objects.create_user("regular", "regular@example.org", PASSWORD)
    user.emailaddress_set.create(email="regular@example.org", verified=True, primary=True)
    for _ in range(12):
        assert _log_in(client, "regular@example.org", PASSWORD) == 302
        client.post("/accounts/logout/")
    assert [_log_in(client, "ghost@example.org") for _ in range(10)] == [200] * 10
    assert _log_in(client, "ghost@example.org") == 429


def test_it_limits_wrong_passwords_on_the_admin_log_in(client: Client, django_user_model):
    django_user_model.objects.create_superuser("boss", "boss@example.org", PASSWORD)
    assert [_admin_log_in(client, "boss") for _ in range(10)] == [200] * 10
    assert _admin_log_in(client, "boss") == 429
    assert _admin_log_in(client, "boss", PASSWORD) == 429  # even the right password waits
    # One budget per client: the site's log-in is closed to it as well.
    assert _log_in(client, "boss@example.org", PASSWORD) == 429


def test_it_lets_the_moderator_into_the_admin_after_a_few_typos(client: Client, django_user_model):
    django_user_model.objects.create_superuser("boss", "boss@example.org", PASSWORD)
    assert [_admin_log_in(client, "boss") for _ in range(3)] == [200] * 3
    assert _admin_log_in(client, "boss", PASSWORD) == 302
    assert client.get("/admin/").status_code == 200


def test_it_gives_each_client_behind_a_trusted_proxy_its_own_bucket(client: Client):
    first = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.1"}
    second = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.2"}
    assert [_log_in(client, GHOST, **first) for _ in range(10)] == [200] * 10
    assert _log_in(client, GHOST, **first) == 429

    assert _log_in(client, GHOST, **second) == 200
    # The first client cannot escape by writing hops of its own in front:
    # nginx appends the address it saw, and that right-most hop is the one read.
    assert _log_in(client, GHOST, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.1") == 429
    # Nor through a chain of trusted proxies.
    assert _log_in(client, GHOST, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.1, 10.0.0.9") == 429


def test_it_ignores_a_forwarded_for_header_from_an_untrusted_peer(client: Client):
    statuses = [
        _log_in(client, GHOST, REMOTE_ADDR="192.0.2.50", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}") for n in range(11)
    ]
    assert statuses == [200] * 10 + [429]
    assert _log_in(client, GHOST, REMOTE_ADDR="192.0.2.51") == 200


def test_it_counts_an_ipv6_client_by_its_slash_64(client: Client):
    statuses = [_log_in(client, GHOST, REMOTE_ADDR=f"2001:db8:1:2::{n:x}") for n in range(11)]
    assert statuses == [200] * 10 + [429]
    assert _log_in(client, GHOST, REMOTE_ADDR="2001:db8:1:3::1") == 200


def test_it_gives_allauths_own_limits_the_same_client_address(client: Client):
    # allauth allows 20 password-reset requests a minute per address.
    first: dict[str, Any] = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.1"}
    second: dict[str, Any] = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.2"}
    statuses = [
        client.post("/accounts/password/reset/", {"email": f"nobody{n}@example.org"}, **first).status_code
        for n in range(21)
    ]
    assert statuses[:20] == [302] * 20 and statuses[20] == 429
    assert client.post("/accounts/password/reset/", {"email": "nobody@example.org"}, **second).status_code == 302


@pytest.mark.parametrize("value", ["10.0.0.0/33", "nginx", "127.0.0.1,,::1/200"])
def test_it_refuses_a_bad_trusted_proxies_setting_by_name(tmp_path, value: str):
    env = dict(os.environ, PAPERWIRE_DATA_DIR=str(tmp_path), PAPERWIRE_TRUSTED_PROXIES=value)
    result = subprocess.run([sys.executable, "-m", "paperwire.cli", "check"], env=env, capture_output=True, text=True)
    assert result.returncode == 2
    assert "configuration error: PAPERWIRE_TRUSTED_PROXIES" in result.stderr
    assert "Traceback" not in result.stderr
