from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail as django_mail
from django.test import Client

PASSWORD = "pw-long-enough-1"


@pytest.fixture
def file_mail(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    settings.DEBUG = True
    return tmp_path / "mail"


def test_it_lists_captured_mail_with_clickable_links(client: Client, file_mail):
    django_mail.send_mail(
        "Please confirm <your> address",
        "Open http://testserver/accounts/confirm-email/abc123/ to confirm.",
        "paperwire <noreply@localhost>",
        ["newcomer@example.org"],
    )
    django_mail.send_mail("Second message", "Body two", "noreply@localhost", ["other@example.org"])

    listing = client.get("/dev/mail").content.decode()
    assert "Please confirm &lt;your&gt; address" in listing
    assert listing.index("Second message") < listing.index("Please confirm")  # newest first

    match = re.search(r'<a href="(/dev/mail/[^"]+)">Please confirm', listing)
    assert match is not None
    detail = client.get(match.group(1)).content.decode()
    assert '<a href="http://testserver/accounts/confirm-email/abc123/"' in detail
    assert "newcomer@example.org" in detail


def test_it_does_not_exist_outside_debug(client: Client, file_mail, settings):
    settings.DEBUG = False
    assert client.get("/dev/mail").status_code == 404


def send_reset_link() -> None:
    django_mail.send_mail(
        "Password reset",
        "Reset it at http://localhost/accounts/password/reset/key/secret-key/",
        "noreply@localhost",
        ["victim@example.org"],
        html_message='<style>p { color: teal }</style><p>Reset at <a href="http://localhost/r/">this link</a></p>',
    )


@pytest.mark.parametrize(
    "peer",
    [
        {"REMOTE_ADDR": "192.0.2.7"},
        # What the review sent: a Host header naming this machine, from elsewhere.
        {"REMOTE_ADDR": "192.0.2.7", "HTTP_HOST": "localhost"},
        {"REMOTE_ADDR": "2001:db8::7"},
        # A proxy on this machine relays everybody from 127.0.0.1.
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "192.0.2.7"},
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_FORWARDED": "for=192.0.2.7"},
    ],
)
def test_it_hides_captured_mail_from_other_machines(client: Client, file_mail, peer: dict[str, Any]):
    send_reset_link()
    name = next(file_mail.iterdir()).name

    for url in ("/dev/mail", f"/dev/mail/{name}/0", f"/dev/mail/{name}/0/html"):
        response = client.get(url, **peer)
        assert response.status_code == 404, url
        assert b"secret-key" not in response.content


@pytest.mark.parametrize("peer", ["127.0.0.1", "127.0.0.53", "::1", "::ffff:127.0.0.1"])
def test_it_shows_captured_mail_to_this_machine(client: Client, file_mail, peer: str):
    send_reset_link()
    name = next(file_mail.iterdir()).name

    assert b"Password reset" in client.get("/dev/mail", REMOTE_ADDR=peer).content
    assert b"secret-key" in client.get(f"/dev/mail/{name}/0", REMOTE_ADDR=peer).content


def test_it_shows_the_html_part_styled_but_unable_to_run_scripts(client: Client, file_mail):
    send_reset_link()
    name = next(file_mail.iterdir()).name

    detail = client.get(f"/dev/mail/{name}/0").content.decode()
    assert f'src="/dev/mail/{name}/0/html"' in detail and "sandbox=" in detail
    part = client.get(f"/dev/mail/{name}/0/html")
    assert b"<style>p { color: teal }</style>" in part.content
    policy = part["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "style-src 'unsafe-inline'" in policy and "script" not in policy
    assert part["X-Frame-Options"] == "SAMEORIGIN"


def test_it_reads_only_files_in_the_mail_folder(client: Client, file_mail):
    file_mail.mkdir(parents=True, exist_ok=True)
    (file_mail.parent / "secret.log").write_text("Subject: secret\n\nsecret body\n")
    assert client.get("/dev/mail/..%2Fsecret.log/0").status_code == 404
    assert client.get("/dev/mail/secret.log/0").status_code == 404


@pytest.mark.django_db
def test_it_points_newcomers_to_the_captured_verification_mail(client: Client, file_mail, worker_inline, settings):
    settings.SITE_NAME = "paperwire"
    client.post(
        "/accounts/signup/",
        {"email": "new@example.org", "username": "new", "password1": PASSWORD, "password2": PASSWORD},
    )
    page = client.get("/accounts/confirm-email/").content.decode()
    assert '<a href="/dev/mail">Open it at /dev/mail</a>' in page

    listing = client.get("/dev/mail").content.decode()
    match = re.search(r'<a href="(/dev/mail/[^"]+)">\[paperwire\] Please Confirm', listing)
    assert match is not None
    detail = client.get(match.group(1)).content.decode()
    assert re.search(r'<a href="http://testserver/accounts/confirm-email/[^"]+/"', detail)
