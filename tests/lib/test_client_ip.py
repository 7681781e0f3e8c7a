"""Whose address a request carries: the peer's, or, behind a trusted proxy, the right-most hop it did not write."""

from __future__ import annotations

import ipaddress

import pytest
from django.test import RequestFactory

from paperwire.lib.client_ip import client_ip, parse_address

PROXY = (ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("::1/128"))


def _request(peer: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("text", "parsed"),
    [("1.2.3.4", "1.2.3.4"), (" ::1 ", "::1"), ("[2001:db8::1]", "2001:db8::1"), ("::ffff:1.2.3.4", "1.2.3.4")],
)
def test_it_reads_addresses_as_proxies_write_them(text: str, parsed: str) -> None:
    assert str(parse_address(text)) == parsed


@pytest.mark.parametrize("text", ["", "unknown", "1.2.3", "1.2.3.4:80", "<script>"])
def test_it_reads_anything_else_as_no_address(text: str) -> None:
    assert parse_address(text) is None


def test_a_direct_client_is_its_peer_whatever_headers_it_sends(settings) -> None:
    settings.TRUSTED_PROXIES = PROXY
    assert client_ip(_request("203.0.113.5", "198.51.100.1")) == "203.0.113.5"


def test_behind_a_trusted_proxy_the_client_is_the_right_most_untrusted_hop(settings) -> None:
    settings.TRUSTED_PROXIES = PROXY
    # The client wrote "6.6.6.6" itself; nginx appended the address it saw.
    assert client_ip(_request("10.0.0.2", "6.6.6.6, 203.0.113.5")) == "203.0.113.5"
    # Two trusted proxies in a row are skipped.
    assert client_ip(_request("10.0.0.2", "203.0.113.5, 10.0.0.9")) == "203.0.113.5"


def test_garbage_in_the_header_stops_at_the_last_trusted_hop(settings) -> None:
    settings.TRUSTED_PROXIES = PROXY
    assert client_ip(_request("10.0.0.2", "203.0.113.5, not-an-address")) == "10.0.0.2"


def test_without_trusted_proxies_the_header_is_ignored(settings) -> None:
    settings.TRUSTED_PROXIES = ()
    assert client_ip(_request("10.0.0.2", "203.0.113.5")) == "10.0.0.2"


def test_an_unreadable_peer_is_reported_as_written_or_unknown() -> None:
    assert client_ip(_request("unix-socket")) == "unix-socket"
    assert client_ip(_request("")) == "unknown"
