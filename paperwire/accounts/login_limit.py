"""One log-in limit for the site and the Django admin: failures per client address.

Every attempt is counted before the password is checked, whatever was typed
as the name (an address that is not an account, a user name where an email
is expected, an empty form), so credential stuffing meets a 429 after
``LOGIN_LIMIT`` tries; an attempt that succeeds is refunded, so people who
share an address (a lab behind one NAT) are not locked out by logging in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.http import HttpRequest

from paperwire.lib.ratelimit import address_key, check_rate_limit

LOGIN_LIMIT = (10, 300)  # failed attempts per five minutes per client address

Cleaned = TypeVar("Cleaned")


def clean_counting_failures(form: forms.BaseForm, request: HttpRequest | None, clean: Callable[[], Cleaned]) -> Cleaned:
    """Run a log-in form's ``clean`` as one attempt; raise RateLimited past the limit, refund a success."""
    if request is None:  # a form built outside a request (a shell, a test of the form alone)
        return clean()
    limit, period = LOGIN_LIMIT
    # Keyed on the address even for a signed-in visitor (the admin's log-in
    # page is open to signed-in people who are not staff).
    attempt = check_rate_limit(request, "log-in", limit=limit, period=period, key=address_key(request))
    cleaned = clean()  # a ValidationError leaves the attempt counted
    if not form.errors:
        attempt.refund()
    return cleaned


class AdminLoginForm(AdminAuthenticationForm):
    """The Django admin's log-in form under the site's log-in limit."""

    def clean(self) -> dict[str, Any]:
        return clean_counting_failures(self, self.request, super().clean)
