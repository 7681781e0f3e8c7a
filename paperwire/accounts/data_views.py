"""/account/data: download everything paperwire holds about you, or delete your account.

The download is a GET (it changes nothing) and names a file; deleting is a
POST with CSRF that asks for the password again (the user name for an
account without one), so neither a stray link nor a forgotten open session
can do it.
"""

from __future__ import annotations

import json

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from paperwire.accounts.deletion import delete_account
from paperwire.accounts.forms import DeleteAccountForm
from paperwire.accounts.your_data import personal_data
from paperwire.lib.pages import page_url
from paperwire.lib.ratelimit import check_rate_limit

DOWNLOAD_RATE = (10, 3600)  # downloads per person per hour: each reads all of their rows
DELETE_RATE = (5, 3600)  # attempts per person per hour: each checks a password


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _page(request: HttpRequest, form: DeleteAccountForm, status: int = 200) -> HttpResponse:
    context = {"form": form, "nav": "profile", "profile_url": page_url("profile", _user(request).get_username())}
    return render(request, "accounts/your_data.html", context, status=status)


@require_GET
@login_required
def your_data(request: HttpRequest) -> HttpResponse:
    return _page(request, DeleteAccountForm(_user(request)))


@require_GET
@login_required
def download(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    check_rate_limit(request, "account-data", limit=DOWNLOAD_RATE[0], period=DOWNLOAD_RATE[1], key=f"user:{user.pk}")
    body = json.dumps(personal_data(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"paperwire-data-{timezone.now():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"  # no shared or disk cache keeps a copy
    return response


@require_http_methods(["POST"])
@login_required
def delete(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    check_rate_limit(request, "account-delete", limit=DELETE_RATE[0], period=DELETE_RATE[1], key=f"user:{user.pk}")
    form = DeleteAccountForm(user, request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    username = user.get_username()
    logout(request)
    delete_account(user)
    return render(request, "accounts/account_deleted.html", {"username": username})
