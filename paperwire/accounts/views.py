"""API tokens and the development mail viewer (the profile page is in paperwire.front)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from paperwire.accounts import dev_mail
from paperwire.accounts.tokens import NEW_TOKEN_SESSION_KEY, TokenLimitReached, create_token, revoke_token


@require_POST
@login_required
def token_create(request: HttpRequest) -> HttpResponse:
    try:
        token, raw = create_token(request.user, request.POST.get("name", ""))
    except TokenLimitReached as exc:
        messages.error(request, str(exc))
    else:
        request.session[NEW_TOKEN_SESSION_KEY] = {"name": token.name, "token": raw}
    return redirect(_own_profile_url(request) + "#api-tokens")


@require_POST
@login_required
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    if revoke_token(request.user, token_id):
        messages.success(request, "The token was revoked; programs using it can no longer sign in.")
    else:
        raise Http404("No such token")
    return redirect(_own_profile_url(request) + "#api-tokens")


def _own_profile_url(request: HttpRequest) -> str:
    return reverse("front:profile", args=[request.user.get_username()])


def _require_debug() -> None:
    if not settings.DEBUG:
        raise Http404("The mail viewer exists only in development (PAPERWIRE_DEBUG=true).")


def mail_list(request: HttpRequest) -> HttpResponse:
    _require_debug()
    return render(
        request,
        "accounts/dev_mail_list.html",
        {"mails": dev_mail.captured_mail(), "mail_dir": dev_mail.mail_dir(), "backend": settings.EMAIL_BACKEND},
    )


def mail_detail(request: HttpRequest, file_name: str, index: int) -> HttpResponse:
    _require_debug()
    mail = dev_mail.find_mail(file_name, index)
    if mail is None:
        raise Http404("No such message")
    return render(request, "accounts/dev_mail_detail.html", {"mail": mail})
