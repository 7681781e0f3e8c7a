"""Sign-up with a verified email, over a real SMTP server."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-42"


def _confirmation_path(text: str) -> str:
    match = re.search(r"https?://\S+/accounts/confirm-email/\S+/", text)
    assert match is not None, text
    url = match.group(0)
    return re.sub(r"^https?://[^/]+", "", url)


def test_it_signs_up_verifies_the_email_and_logs_in(
    client: Client, smtp_server, worker_inline, django_user_model, settings
):
    settings.SITE_NAME = "Lab papers"
    response = client.post(
        "/accounts/signup/",
        {"email": "newcomer@example.org", "username": "newcomer", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session  # mandatory verification first

    [mail] = smtp_server.messages
    assert mail.recipients == ["newcomer@example.org"]
    assert mail.subject == "[Lab papers] Please Confirm Your Email Address"
    assert "signed up for Lab papers" in mail.text()
    confirm = _confirmation_path(mail.text())

    page = client.get(confirm)
    assert page.status_code == 200
    assert "newcomer@example.org" in page.content.decode()
    assert "_auth_user_id" not in client.session  # GET confirms nothing

    client.post(confirm)
    user = django_user_model.objects.get(username="newcomer")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert user.emailaddress_set.get().verified
    assert "API tokens" in client.get("/u/newcomer").content.decode()


def test_it_refuses_log_in_before_verification(client: Client, smtp_server):
    client.post(
        "/accounts/signup/",
        {"email": "slow@example.org", "username": "slow", "password1": PASSWORD, "password2": PASSWORD},
    )
    other = Client()
    response = other.post("/accounts/login/", {"login": "slow@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in other.session
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"


def test_it_styles_allauth_pages_like_the_rest_of_the_site(client: Client):
    html = client.get("/accounts/login/").content.decode()
    assert 'class="site-header"' in html
    assert "accounts/allauth.css" in html
    assert 'name="password"' in html


def test_it_resets_a_forgotten_password_by_email(client: Client, smtp_server, worker_inline, django_user_model):
    user = django_user_model.objects.create_user("forgetful", "forgetful@example.org", "old-password-123")
    user.emailaddress_set.create(email="forgetful@example.org", verified=True, primary=True)

    client.post("/accounts/password/reset/", {"email": "forgetful@example.org"})
    [mail] = smtp_server.messages
    match = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.text())
    assert match is not None, mail.text()

    form_page = client.get(match.group(1), follow=True)
    assert form_page.status_code == 200
    client.post(form_page.redirect_chain[-1][0], {"password1": PASSWORD, "password2": PASSWORD})

    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_it_logs_out_only_on_post(client: Client, django_user_model):
    user = django_user_model.objects.create_user("leaving", "leaving@example.org", PASSWORD)
    client.force_login(user)
    assert client.get("/accounts/logout/").status_code == 200
    assert "_auth_user_id" in client.session
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


def _sign_up(client: Client, name: str) -> None:
    client.post(
        "/accounts/signup/",
        {"email": f"{name}@example.org", "username": name, "password1": PASSWORD, "password2": PASSWORD},
    )


def test_confirming_in_another_browser_signs_the_person_in_once(
    client: Client, smtp_server, worker_inline, django_user_model
):
    _sign_up(client, "phone")
    confirm = _confirmation_path(smtp_server.messages[-1].text())

    phone = Client()  # the mail opened on another device: no sign-up session there
    response = phone.post(confirm)
    user = django_user_model.objects.get(username="phone")
    assert phone.session["_auth_user_id"] == str(user.pk)
    assert response.status_code == 302
    assert user.emailaddress_set.get().verified

    # The link has done its work: opened again elsewhere it signs nobody in.
    stranger = Client()
    again = stranger.post(confirm)
    assert "_auth_user_id" not in stranger.session
    assert again.status_code in (200, 404)


def test_a_mail_scanner_opening_the_link_neither_confirms_nor_signs_in(
    client: Client, smtp_server, worker_inline, django_user_model
):
    _sign_up(client, "scanned")
    confirm = _confirmation_path(smtp_server.messages[-1].text())
    scanner = Client()
    scanner.get(confirm)
    assert "_auth_user_id" not in scanner.session
    assert not django_user_model.objects.get(username="scanned").emailaddress_set.get().verified


def test_a_banned_person_is_not_signed_in_by_a_confirmation_link(
    client: Client, smtp_server, worker_inline, django_user_model
):
    _sign_up(client, "banned")
    confirm = _confirmation_path(smtp_server.messages[-1].text())
    django_user_model.objects.filter(username="banned").update(is_active=False)
    other = Client()
    other.post(confirm)
    assert "_auth_user_id" not in other.session


@pytest.mark.parametrize("login", ["reader", "Reader", "reader@example.org", "READER@example.org"])
def test_it_logs_in_with_the_username_or_the_email(client: Client, django_user_model, login: str):
    user = django_user_model.objects.create_user("reader", "reader@example.org", PASSWORD)
    user.emailaddress_set.create(email="reader@example.org", verified=True, primary=True)
    response = client.post("/accounts/login/", {"login": login, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_log_in_form_asks_for_the_username_or_the_email(client: Client):
    html = client.get("/accounts/login/").content.decode()
    assert '<label for="id_login">Username or email:</label>' in html and 'autocomplete="username"' in html
