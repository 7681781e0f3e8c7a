"""``{% dev_mail_captured as captured %}``: is outgoing mail kept for /dev/mail, and may this visitor read it?"""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from paperwire.lib.loopback import is_loopback_peer

register = template.Library()


@register.simple_tag(takes_context=True)
def dev_mail_captured(context: dict[str, Any]) -> bool:
    request = context.get("request")
    return bool(
        settings.DEBUG
        and settings.EMAIL_BACKEND.endswith("filebased.EmailBackend")
        # Only those /dev/mail answers are pointed to it.
        and request is not None
        and is_loopback_peer(request)
    )
