"""The feeds a page advertises with ``<link rel="alternate">`` (see feeds/_alternate_links.html)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

RSS_TYPE = "application/rss+xml"
ATOM_TYPE = "application/atom+xml"


@dataclass(frozen=True)
class FeedLink:
    title: str
    href: str  # site-relative, query string already encoded
    mime_type: str

    @property
    def format_label(self) -> str:
        return "RSS" if self.mime_type == RSS_TYPE else "Atom"


def _pair(what: str, rss_name: str, atom_name: str, *, args: tuple[str, ...] = (), query: str = "") -> list[FeedLink]:
    suffix = f"?{query}" if query else ""
    return [
        FeedLink(f"{settings.SITE_NAME} — {what} (RSS)", reverse(rss_name, args=args) + suffix, RSS_TYPE),
        FeedLink(f"{settings.SITE_NAME} — {what} (Atom)", reverse(atom_name, args=args) + suffix, ATOM_TYPE),
    ]


def daily_feed_links() -> list[FeedLink]:
    return _pair("daily papers", "feeds:daily_rss", "feeds:daily_atom")


def trending_feed_links(window: str) -> list[FeedLink]:
    return _pair(
        f"trending papers ({window})", "feeds:trending_rss", "feeds:trending_atom", query=urlencode({"window": window})
    )


def category_feed_links(category: str) -> list[FeedLink]:
    return _pair(f"{category} papers", "feeds:category_rss", "feeds:category_atom", args=(category,))


def author_feed_links(name: str) -> list[FeedLink]:
    return _pair(f"papers by {name}", "feeds:author_rss", "feeds:author_atom", args=(name,))


def organization_feed_links(name: str) -> list[FeedLink]:
    return _pair(f"papers of {name}", "feeds:organization_rss", "feeds:organization_atom", args=(name,))


def search_feed_links(query: str, *, cat: str = "", author: str = "", sort: str = "relevance") -> list[FeedLink]:
    """Feeds of a search, with the same parameters as the search page (q, cat, author, sort)."""
    pairs = {"q": query, "cat": cat, "author": author, "sort": "" if sort == "relevance" else sort}
    filters = (f"cat:{cat}" if cat else "", f'author:"{author}"' if author else "")
    label = " ".join(part for part in (query, *filters) if part)
    return _pair(
        f"search “{label}”",
        "feeds:search_rss",
        "feeds:search_atom",
        query=urlencode({key: value for key, value in pairs.items() if value}),
    )
