"""Keep only web addresses a link may point to: ``http://`` and ``https://``.

Imported records carry URLs that end up in ``href`` attributes (code
repositories, project pages, avatars). Django escapes them, but escaping does
not stop ``javascript:`` or ``data:`` from running when clicked, so anything
other than an absolute http(s) URL is dropped. Importers call :func:`http_url`
when they map a record; templates use the ``|http_url`` filter (a builtin, see
``TEMPLATES`` in settings) for anything already stored.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from django import template

register = template.Library()

# Browsers strip tabs and newlines inside a URL, and control characters have no business in one.
_CONTROL = re.compile(r"[\x00-\x20\x7f]")
MAX_URL_LENGTH = 500


def http_url(value: Any, *, max_length: int = MAX_URL_LENGTH) -> str:
    """``value`` if it is an absolute http(s) URL with a host and fits ``max_length``, else ``""``."""
    if not isinstance(value, str):
        return ""
    url = value.strip()
    if not url or len(url) > max_length or _CONTROL.search(url):
        return ""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    return url


@register.filter(name="http_url")
def http_url_filter(value: Any) -> str:
    """``{{ paper.github_repo|http_url }}``: the URL, or "" for anything that is not http(s)."""
    return http_url(value)
