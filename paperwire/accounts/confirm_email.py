"""Confirming an email address signs the person in, in whichever browser the link is opened.

allauth signs in on confirmation only when the browser still holds the
session that signed up (``ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION``): a link
opened on a phone, in another browser or after the browser was closed
confirmed the address and then asked for the password again. Here the POST
that confirms (a GET never does) also signs in. It is safe to do once:
allauth's link names an address that is not verified yet, so after this
POST the same link is refused, and a leaked old link signs nobody in.
"""

from __future__ import annotations

from allauth.account import app_settings
from allauth.account.utils import perform_login
from allauth.account.views import ConfirmEmailView
from django.http import HttpResponse


class ConfirmEmailAndSignInView(ConfirmEmailView):
    def post(self, *args: object, **kwargs: object) -> HttpResponse:
        response = super().post(*args, **kwargs)
        confirmation = self.object
        if self.request.user.is_authenticated or confirmation is None:
            return response  # signed in by allauth (the same browser), or nothing confirmed
        address = confirmation.email_address
        if not address.verified or not address.user.is_active:
            return response
        # allauth's own log-in path: its checks (active, verified), signals and redirect.
        return perform_login(self.request, address.user, email_verification=app_settings.EMAIL_VERIFICATION)


confirm_email = ConfirmEmailAndSignInView.as_view()
