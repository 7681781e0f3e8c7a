"""Links from imported records: absolute http(s) URLs only, anything that could run is dropped."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from paperwire.lib.http_urls import MAX_URL_LENGTH, http_url


@pytest.mark.parametrize("url", ["https://github.com/org/repo", "http://example.org:8080/p?q=1#x", " https://a.b "])
def test_it_keeps_web_addresses(url: str) -> None:
    assert http_url(url) == url.strip()


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,<script>",
        "//evil.example/path",
        "/relative",
        "https://",
        "https://exa mple.org",
        "https://example.org:port/",
        "https://exa\tmple.org",
        "ftp://example.org/file",
        "",
        None,
        42,
        "https://example.org/" + "a" * MAX_URL_LENGTH,
    ],
)
def test_it_drops_everything_else(value: object) -> None:
    assert http_url(value) == ""


def test_templates_filter_stored_values() -> None:
    rendered = Template('<a href="{{ url|http_url }}">x</a>').render(Context({"url": "javascript:alert(1)"}))
    assert rendered == '<a href="">x</a>'
