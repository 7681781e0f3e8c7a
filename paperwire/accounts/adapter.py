"""allauth adapter: paperwire's rate limits on sign-up and log-in, and its name in emails.

allauth has its own limits too (ACCOUNT_RATE_LIMITS); ours come first so a
person who is throttled sees paperwire's 429 page with a plain message.
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.mail import EmailMessage
from django.http import HttpRequest

from paperwire.lib.ratelimit import check_rate_limit

SIGNUP_LIMIT = (5, 3600)  # attempts per hour per address
LOGIN_LIMIT = (10, 300)  # attempts per five minutes per address


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # allauth asks on every request to the sign-up view; only POSTs count.
        if request.method == "POST":
            limit, period = SIGNUP_LIMIT
            check_rate_limit(request, "sign-up", limit=limit, period=period)
        return True

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        limit, period = LOGIN_LIMIT
        check_rate_limit(request, "log-in", limit=limit, period=period)
        super().pre_authenticate(request, **credentials)

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
