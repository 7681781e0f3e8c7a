"""Sign-up tells a stranger nothing about which addresses have accounts: same page, same time, mail from the worker."""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time

import pytest
from django.core.cache import cache
from django.test import Client

from tests.support.processes import env_for_test_database

PASSWORD = "correct-horse-battery-42"


@pytest.fixture(autouse=True)
def fresh_cache():
    # allauth mails an address at most once every 3 minutes (kept in the cache),
    # and other tests sign up with addresses too.
    cache.clear()


def _sign_up(email: str, username: str) -> tuple[float, str]:
    """Sign up from a fresh browser; the seconds the answer took and the page it leads to."""
    client = Client()
    data = {"email": email, "username": username, "password1": PASSWORD, "password2": PASSWORD}
    started = time.perf_counter()
    response = client.post("/accounts/signup/", data)
    elapsed = time.perf_counter() - started
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    return elapsed, page.content.decode().replace(email, "ADDRESS")


def _known(django_user_model, email: str = "known@example.org") -> None:
    user = django_user_model.objects.create_user("known", email, PASSWORD)
    user.emailaddress_set.create(email=email, verified=True, primary=True)


def _run_worker_once(smtp_port: int) -> None:
    env = env_for_test_database()
    env.update(
        PAPERWIRE_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        PAPERWIRE_SMTP_HOST="127.0.0.1",
        PAPERWIRE_SMTP_PORT=str(smtp_port),
        PAPERWIRE_LOG_LEVEL="WARNING",
    )
    result = subprocess.run(
        [sys.executable, "-m", "paperwire.cli", "worker", "--once"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=os.getcwd(),
    )
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.mark.django_db(transaction=True)
def test_it_answers_a_known_address_with_the_same_page_and_mails_from_the_worker(smtp_server, django_user_model):
    _known(django_user_model)

    _, new_page = _sign_up("newcomer@example.org", "newcomer")
    _, known_page = _sign_up("known@example.org", "someone")

    assert new_page == known_page
    assert "Confirmation email sent to ADDRESS" in new_page
    assert smtp_server.messages == []  # nothing was sent while the visitor waited

    _run_worker_once(smtp_server.port)
    by_recipient = {tuple(mail.recipients): mail for mail in smtp_server.messages}
    assert set(by_recipient) == {("newcomer@example.org",), ("known@example.org",)}
    assert re.search(r"/accounts/confirm-email/\S+/", by_recipient[("newcomer@example.org",)].text())
    assert "already" in by_recipient[("known@example.org",)].text().lower()
    assert "/accounts/password/reset/" in by_recipient[("known@example.org",)].text()


@pytest.mark.slow
@pytest.mark.django_db
def test_it_takes_as_long_for_a_known_address_as_for_a_new_one(settings, django_user_model):
    # Django's real hasher: its deliberate slowness is what used to tell the two apart.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    _known(django_user_model)
    _sign_up("warm-up@example.org", "warmup")

    new, known = [], []
    for n in range(3):
        new.append(_sign_up(f"newcomer{n}@example.org", f"newcomer{n}")[0])
        # A different known address each time: allauth sends one mail per address every 3 minutes.
        _known_email = f"known{n}@example.org"
        user = django_user_model.objects.create_user(f"known{n}", _known_email, PASSWORD)
        user.emailaddress_set.create(email=_known_email, verified=True, primary=True)
        known.append(_sign_up(_known_email, f"someone{n}")[0])

    ratio = statistics.median(known) / statistics.median(new)
    # Before the fix a known address answered ~10x faster (no password hash).
    assert 0.6 < ratio < 1.6, (new, known)
