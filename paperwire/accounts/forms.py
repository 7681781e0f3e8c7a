"""paperwire's versions of allauth's log-in and sign-up forms (``ACCOUNT_FORMS``), and the account deletion form."""

from __future__ import annotations

from typing import Any

from allauth.account import forms as allauth_forms
from django import forms
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.http import HttpRequest

from paperwire.accounts.login_limit import clean_counting_failures


class LoginForm(allauth_forms.LoginForm):
    """allauth's log-in form under the site's log-in limit (login_limit.py); it takes the user name or the email."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # allauth labels the box "Login" and lets browsers fill only an address into it.
        self.fields["login"].label = "Username or email"
        self.fields["login"].widget.attrs["autocomplete"] = "username"

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


class DeleteAccountForm(forms.Form):
    """Deleting an account asks for the password again (or, for an account without one, the user name)."""

    password = forms.CharField(
        required=False, strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    username = forms.CharField(required=False, max_length=150, widget=forms.TextInput(attrs={"autocomplete": "off"}))

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.asks_password = user.has_usable_password()
        del self.fields["username" if self.asks_password else "password"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.asks_password:
            if not self.user.check_password(cleaned.get("password") or ""):
                self.add_error("password", "That is not your password.")
        elif (cleaned.get("username") or "").strip() != self.user.get_username():
            self.add_error("username", "Type your user name exactly as shown.")
        return cleaned
