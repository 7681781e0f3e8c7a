"""paperwire's versions of allauth's log-in and sign-up forms (``ACCOUNT_FORMS``)."""

from __future__ import annotations

from typing import Any

from allauth.account import forms as allauth_forms
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest

from paperwire.accounts.login_limit import clean_counting_failures


class LoginForm(allauth_forms.LoginForm):
    """allauth's log-in form under the site's log-in limit (login_limit.py)."""

    def clean(self) -> dict[str, Any] | None:
        return clean_counting_failures(self, self.request, super().clean)


class SignupForm(allauth_forms.SignupForm):
    """allauth's sign-up form, as slow for an address that has an account as for a new one.

    allauth already answers both with the same "check your inbox" page and an
    email to the address (a confirmation link, or "you already have an
    account"); both emails go out from the worker (adapter.py). What was left
    was the time: a new account hashes the password (PBKDF2, about a third of
    a second), a known address did not, which told a stranger which addresses
    have accounts.
    """

    def try_save(self, request: HttpRequest) -> tuple[Any, Any]:
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)
