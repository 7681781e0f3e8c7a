"""/dev/mail: read the mail paperwire kept as files, in development, from this machine only.

Captured mail holds sign-up and password-reset links, so it is an account
takeover for anyone else who can read it. The pages exist only with
PAPERWIRE_DEBUG on, and answer only loopback peers (the TCP peer address,
never a header such as ``Host``); to everyone else they do not exist.
"""

from __future__ import annotations

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.decorators import csp
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_sameorigin

from paperwire.accounts import dev_mail
from paperwire.lib.loopback import is_loopback_peer


def _require_local_development(request: HttpRequest) -> None:
    if not settings.DEBUG:
        raise Http404("The mail viewer exists only in development (PAPERWIRE_DEBUG=true).")
    if not is_loopback_peer(request):
        raise Http404("The mail viewer answers only requests from this machine.")


def _find(file_name: str, index: int) -> dev_mail.CapturedMail:
    mail = dev_mail.find_mail(file_name, index)
    if mail is None:
        raise Http404("No such message")
    return mail


def mail_list(request: HttpRequest) -> HttpResponse:
    _require_local_development(request)
    return render(
        request,
        "accounts/dev_mail_list.html",
        {"mails": dev_mail.captured_mail(), "mail_dir": dev_mail.mail_dir(), "backend": settings.EMAIL_BACKEND},
    )


def mail_detail(request: HttpRequest, file_name: str, index: int) -> HttpResponse:
    _require_local_development(request)
    return render(request, "accounts/dev_mail_detail.html", {"mail": _find(file_name, index)})


# The HTML part of a message, for the sandboxed frame on mail_detail. Emails
# carry <style> and inline styles, which the site's policy forbids; this one
# document gets its own policy instead: styles and images, never a script.
_MAIL_HTML_POLICY = {
    "default-src": [NONE],
    "style-src": [UNSAFE_INLINE],
    "img-src": ["data:", "http:", "https:"],
    "frame-ancestors": [SELF],
    "base-uri": [NONE],
    "form-action": [NONE],
}


@xframe_options_sameorigin
@csp(_MAIL_HTML_POLICY)  # type: ignore[arg-type]  # django-csp types decorators for views taking only a request
def mail_html(request: HttpRequest, file_name: str, index: int) -> HttpResponse:
    _require_local_development(request)
    return HttpResponse(_find(file_name, index).html(), content_type="text/html; charset=utf-8")
