"""The address of the person behind a request, also behind a reverse proxy.

``REMOTE_ADDR`` is the TCP peer. Behind nginx that is nginx, for every
visitor, so rate limits keyed on it would put everybody in one bucket. When
the peer is one of ``PAPERWIRE_TRUSTED_PROXIES``, the client is found in
``X-Forwarded-For``: each proxy appends the address it received the request
from, so reading the header from the right, the first hop that is not a
trusted proxy is the client. Everything left of it was written by the client
itself and is ignored (it can say anything). A request that does not come
from a trusted proxy is answered by its peer address, whatever headers it sends.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest

from paperwire.lib.env import IPNetwork

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_address(text: str) -> IPAddress | None:
    """An address as proxies write it ("1.2.3.4", "::1", "[::1]"), or None for anything else."""
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        # "::ffff:1.2.3.4" from a dual-stack socket is the IPv4 client 1.2.3.4.
        return address.ipv4_mapped
    return address


def _trusted(address: IPAddress, proxies: Iterable[IPNetwork]) -> bool:
    return any(address.version == network.version and address in network for network in proxies)


def client_ip(request: HttpRequest) -> str:
    """The client's address as text: the peer, or the right-most untrusted X-Forwarded-For hop."""
    peer_text = request.META.get("REMOTE_ADDR", "") or ""
    peer = parse_address(peer_text)
    if peer is None:
        return peer_text or "unknown"
    proxies: tuple[IPNetwork, ...] = settings.TRUSTED_PROXIES
    client = peer
    if proxies and _trusted(peer, proxies):
        hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        for hop_text in reversed(hops):
            hop = parse_address(hop_text)
            if hop is None:
                # Garbage right of every untrusted hop: a trusted proxy wrote
                # it, so the last trusted address is as far as we can see.
                break
            client = hop
            if not _trusted(hop, proxies):
                break
    return str(client)
