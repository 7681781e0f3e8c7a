"""Where the reader's pages live, for the apps below the pages layer.

A domain app sometimes has to point at a page: a feed's channel link, the
author link on a card, where a form goes back to when it has no ``next``.
Naming the page's URL (``"front:author"``) would make the app depend on the
layer above it, as an import would. Instead it names the *kind* of page
(``page_url("author", name)``), and the pages app says at start-up, in its
``AppConfig.ready()``, which of its URLs serves each kind. The one exception
is ``Paper.get_absolute_url()``, Django's own permalink convention.
"""

from __future__ import annotations

from django.urls import reverse

# Every kind a domain app may ask for; registering or asking for another is a bug.
PAGE_KINDS = frozenset(
    {
        "latest",
        "daily",
        "trending",
        "category_list",
        "author",
        "organization",
        "profile",
        "library",
        "library_import",
        "follows",
        "for_you",
    }
)

_url_names: dict[str, str] = {}


def register_page(kind: str, url_name: str) -> None:
    """Say that the URL named ``url_name`` serves pages of ``kind``."""
    if kind not in PAGE_KINDS:
        raise ValueError(f"unknown kind of page {kind!r}; known: {', '.join(sorted(PAGE_KINDS))}")
    _url_names[kind] = url_name


def page_url(kind: str, *args: object) -> str:
    """The path of the page of ``kind`` for ``args`` (an author's name, a username …)."""
    try:
        url_name = _url_names[kind]
    except KeyError:
        raise LookupError(f"no page serves {kind!r}: the pages app registers its pages in its ready()") from None
    return reverse(url_name, args=list(args))
