"""``{% dev_mail_captured as captured %}``: is outgoing mail kept for /dev/mail?"""

from __future__ import annotations

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def dev_mail_captured() -> bool:
    return bool(settings.DEBUG and settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"))
