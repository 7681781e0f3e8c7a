from __future__ import annotations

import re

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


def test_it_reads_only_files_in_the_mail_folder(client: Client, file_mail):
    file_mail.mkdir(parents=True, exist_ok=True)
    (file_mail.parent / "secret.log").write_text("Subject: secret\n\nsecret body\n")
    assert client.get("/dev/mail/..%2Fsecret.log/0").status_code == 404
    assert client.get("/dev/mail/secret.log/0").status_code == 404


@pytest.mark.django_db
def test_it_points_newcomers_to_the_captured_verification_mail(client: Client, file_mail, settings):
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
