"""API tokens (the profile page is in paperwire.front, the development mail viewer in dev_mail_views)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from paperwire.accounts.tokens import NEW_TOKEN_SESSION_KEY, TokenLimitReached, create_token, revoke_token
from paperwire.lib.pages import page_url


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
    return page_url("profile", request.user.get_username())
