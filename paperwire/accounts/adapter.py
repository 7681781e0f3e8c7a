"""allauth adapter: paperwire's sign-up limit, client address, queued emails and its name in emails.

allauth has its own limits too (ACCOUNT_RATE_LIMITS); ours come first so a
person who is throttled sees paperwire's 429 page with a plain message. The
log-in limit is in login_limit.py (it also covers the Django admin).
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.mail import EmailMessage
from django.http import HttpRequest

from paperwire.accounts.tasks import queue_email
from paperwire.lib.client_ip import client_ip
from paperwire.lib.ratelimit import check_rate_limit

SIGNUP_LIMIT = (5, 3600)  # attempts per hour per address


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # allauth asks on every request to the sign-up view; only POSTs count.
        if request.method == "POST":
            limit, period = SIGNUP_LIMIT
            check_rate_limit(request, "sign-up", limit=limit, period=period)
        return True

    def get_client_ip(self, request: HttpRequest) -> str:
        # allauth's own limits (login_failed, reset_password, …) count the
        # same client as paperwire's, also behind PAPERWIRE_TRUSTED_PROXIES.
        return client_ip(request)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # allauth's send_mail, except that the worker sends (account_mail.py).
        request = allauth_context.request
        full_context = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        queue_email(self.render_mail(template_prefix, email, full_context))

    def format_email_subject(self, subject: str) -> str:
        # allauth would use the request's host name ("[localhost:8000]").
        return f"[{settings.SITE_NAME}] {subject.strip()}"

    def render_mail(
        self,
        template_prefix: str,
        email: str | list[str],
        context: dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> EmailMessage:
        context = {**context, "site_name": settings.SITE_NAME, "site_url": settings.SITE_URL}
        return super().render_mail(template_prefix, email, context, headers)
