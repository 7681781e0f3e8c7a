"""Reading and vetting destination URLs (Apprise URLs).

A person's destination is checked before it is saved and again before every
send, because the worker is the one that connects: it must not be turned
into a way of reaching paperwire's own host, loopback or the private network
behind it. The host a service connects to is resolved and every address
checked; instance destinations (``PAPERWIRE_CHANNELS``, the admin) are
trusted, and ``PAPERWIRE_CHANNEL_ALLOW_PRIVATE`` lifts the check for all.
"""

from __future__ import annotations

import hashlib
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from apprise import Apprise
from apprise.plugins.base import NotifyBase
from django.conf import settings
from django.views.decorators.debug import sensitive_variables

MAX_URL_LENGTH = 2000
# Services that run on the worker's own machine (desktop notifications, the
# local syslog): never a chat destination.
LOCAL_SCHEMES = frozenset({"dbus", "kde", "qt", "glib", "gio", "gnome", "macosx", "windows", "syslog"})


class DestinationError(ValueError):
    """The URL cannot be used as a destination; the message is safe to show its owner."""


@dataclass(frozen=True)
class Address:
    plugin: NotifyBase
    service: str
    masked: str


def url_scheme(url: str) -> str:
    return url.split("://", 1)[0].lower() if "://" in url else ""


def settings_key(url: str) -> str:
    """A stable digest of an instance URL, to find its row again without storing a second copy."""
    return hashlib.sha256(url.strip().encode()).hexdigest()


@sensitive_variables("url", "address", "plugin")
def read_address(url: str, *, trusted: bool) -> Address:
    """The Apprise service behind ``url``, vetted; raises DestinationError."""
    url = url.strip()
    if not url or len(url) > MAX_URL_LENGTH:
        raise DestinationError(f"Give an Apprise URL of at most {MAX_URL_LENGTH} characters.")
    scheme = url_scheme(url)
    if not scheme or scheme in LOCAL_SCHEMES:
        raise DestinationError("Use an http(s) webhook URL or an Apprise URL of a chat service (slack://, ntfy:// …).")
    plugin = Apprise.instantiate(url, suppress_exceptions=True)
    if plugin is None:
        raise DestinationError("Apprise does not recognise this URL as a service it can post to.")
    if not trusted:
        # A redirect could lead the worker to an address never checked.
        plugin.redirects = False
        check_host(plugin)
    return Address(plugin, str(plugin.service_name), mask(plugin))


def mask(plugin: NotifyBase) -> str:
    """Apprise's private form (tokens and passwords hidden) with every longer path part shortened too.

    Apprise leaves the path of a generic webhook whole, yet that path is often
    the secret (``/hooks/<token>``); the query is dropped for the same reason.
    """
    private = str(plugin.url(privacy=True)).split("?", 1)[0]
    scheme, _, rest = private.partition("://")
    host, _, path = rest.partition("/")
    parts = [part if len(part) < 6 else f"{part[:2]}…{part[-2:]}" for part in path.split("/")]
    return f"{scheme}://{host}/{'/'.join(parts)}"[:500] if path else private[:500]


def connected_host(plugin: NotifyBase) -> str | None:
    """The host name the service connects to when the URL chooses it; None for fixed cloud endpoints.

    Apprise's URL templates say whether ``{host}`` is part of the URL (a
    Mattermost or ntfy server, a JSON webhook) or whether the URL holds only
    tokens for a fixed service (Slack, Discord, Telegram).
    """
    templates = getattr(plugin, "templates", ())
    if not any("{host}" in template for template in templates):
        return None
    if str(getattr(plugin, "mode", "")).lower() == "cloud":
        return None
    host = getattr(plugin, "host", None)
    return str(host) if host else None


def check_host(plugin: NotifyBase) -> None:
    if settings.CHANNEL_ALLOW_PRIVATE:
        return
    host = connected_host(plugin)
    if host is None:
        return
    own = urlsplit(settings.SITE_URL).hostname or ""
    if host.lower().rstrip(".") == own.lower():
        raise DestinationError("A destination cannot point at this paperwire server.")
    addresses = resolve(host)
    own_addresses = resolve_quietly(own)
    for address in addresses:
        if not is_public(address) or address in own_addresses:
            raise DestinationError(
                f"{host} resolves to {address}, a loopback, private or local address:"
                " the worker will not connect there."
            )


def resolve(host: str) -> set[str]:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        raise DestinationError(f"The host {host} cannot be resolved.") from None
    return {str(info[4][0]) for info in infos}


def resolve_quietly(host: str) -> set[str]:
    if not host:
        return set()
    try:
        return resolve(host)
    except DestinationError:
        return set()


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast
