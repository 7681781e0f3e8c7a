"""The instance's own destinations, from ``PAPERWIRE_CHANNELS``.

Each URL in the list becomes a destination without an owner that posts each
new daily list; it is trusted whatever its host. A URL removed from the list
is switched off (its history stays). The admin may change what such a
destination carries and when; the list only adds and removes.
"""

from __future__ import annotations

import logging

from django.conf import settings

from paperwire.channels.addresses import DestinationError, read_address, settings_key
from paperwire.channels.models import Destination

logger = logging.getLogger(__name__)


def sync_instance_destinations() -> None:
    wanted: dict[str, str] = {settings_key(url): url for url in settings.CHANNELS}
    known = dict(Destination.objects.filter(owner=None).exclude(settings_key="").values_list("settings_key", "enabled"))
    for key, url in wanted.items():
        if key not in known:
            add_instance_destination(key, url)
    gone = [key for key, enabled in known.items() if enabled and key not in wanted]
    if gone:
        Destination.objects.filter(owner=None, settings_key__in=gone).update(enabled=False)


def add_instance_destination(key: str, url: str) -> None:
    try:
        address = read_address(url, trusted=True)
    except DestinationError as exc:
        # The URL itself is never logged: it is a secret.
        logger.error("channels: an entry of PAPERWIRE_CHANNELS (%s…) cannot be used: %s", url[:8], exc)
        return
    Destination.objects.get_or_create(
        owner=None,
        settings_key=key,
        defaults={"url": url.strip(), "masked_url": address.masked, "service": address.service},
    )
