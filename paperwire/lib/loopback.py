"""Is a request from this machine? Decided by the TCP peer, never by a header.

Development tools (/dev/mail) and, without a token, /metrics answer only
loopback peers. ``REMOTE_ADDR`` is the address that opened the connection;
``Host``, ``X-Forwarded-For`` and friends are whatever the client typed. A
proxy on the same machine makes every request look local, so a request that
carries forwarding headers is treated as relayed, not local.
"""

from __future__ import annotations

import socket

from django.http import HttpRequest

from paperwire.lib.client_ip import parse_address

# Headers a reverse proxy adds when it relays a request from somewhere else.
_FORWARDING_HEADERS = ("HTTP_FORWARDED", "HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP")


def is_loopback_address(address: str) -> bool:
    """``127.0.0.0/8``, ``::1`` or an IPv4-mapped loopback (``::ffff:127.0.0.1``)."""
    ip = parse_address(address)
    return ip is not None and ip.is_loopback


def is_loopback_host(host: str) -> bool:
    """Does binding to ``host`` (an address or a name) keep a server reachable from this machine only?"""
    ip = parse_address(host)
    if ip is not None:
        # 0.0.0.0 and :: are every interface, not loopback.
        return ip.is_loopback
    try:
        resolved = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except OSError:
        return False
    return bool(resolved) and all(is_loopback_address(str(address)) for address in resolved)


def is_loopback_peer(request: HttpRequest) -> bool:
    """The connection comes from this machine and was not relayed by a proxy."""
    if any(request.META.get(header) for header in _FORWARDING_HEADERS):
        return False
    return is_loopback_address(str(request.META.get("REMOTE_ADDR") or ""))
