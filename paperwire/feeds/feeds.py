"""RSS 2.0 and Atom feeds of the daily list, trending, each category and any search.

Each feed is a ``django.contrib.syndication`` ``Feed``; the Atom variant of a
feed is the same class with ``feed_type = Atom1Feed``. Items link to the
paper's page here (not to arXiv) so readers land on votes and comments.
Every feed loads its items with their list entries in one query.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from paperwire.feeds.search_items import FeedSearch, search_feed_items
from paperwire.lib.pages import page_url
from paperwire.lib.plain_text import plain_text
from paperwire.lib.ratelimit import check_rate_limit
from paperwire.lib.xml_text import xml_safe
from paperwire.papers.authors import author_identity, author_key
from paperwire.papers.categories import UnknownCategories, canonical_categories
from paperwire.papers.category_listing import CategoryListing, category_listing
from paperwire.papers.lists import latest_list_date
from paperwire.papers.models import Organization, Paper
from paperwire.papers.organizations import organization_papers
from paperwire.papers.trending import DEFAULT_WINDOW, WINDOWS, TrendingWindow, list_time, trending_for_window

FEED_SIZE = 50
DAILY_FEED_SIZE = 100
# Feed readers poll; 30 searches a minute per client is plenty and keeps embedding cheap.
SEARCH_FEED_RATE = (30, 60)
# arXiv categories: "cs.CL", "hep-th", "math.AG", "q-bio.NC", "physics.optics".
CATEGORY_RE = re.compile(r"^[A-Za-z][A-Za-z\-]{0,30}(\.[A-Za-z][A-Za-z\-]{0,30})?$")


class PaperFeed(Feed):
    """What every paperwire feed says about a paper."""

    feed_type: type[Rss201rev2Feed] | type[Atom1Feed] = Rss201rev2Feed
    language = "en"

    # Titles and dc:creator are plain text: RSS readers may take them for HTML
    # (feedparser does when it sees tags), so no markup survives, and nothing is
    # escaped twice (the XML writer escapes once).
    def item_title(self, item: Paper) -> str:
        return plain_text(xml_safe(item.title))

    def item_link(self, item: Paper) -> str:
        return item.get_absolute_url()

    def item_description(self, item: Paper) -> str:
        # RSS descriptions and Atom summaries (type="html") are HTML to a feed
        # reader: escape the abstract once as HTML (the XML writer escapes it
        # again), so `<img onerror=…>` and LaTeX's `a<b` arrive as text.
        return escape(xml_safe(item.abstract))

    def item_author_name(self, item: Paper) -> str | None:
        return plain_text(xml_safe(item.short_authors)) or None

    def item_pubdate(self, item: Paper) -> datetime | None:
        entry = getattr(item, "daily_entry", None)
        if entry is None:
            return item.published
        return list_time(entry.submitted_at, entry.list_date, item.published)

    def item_updateddate(self, item: Paper) -> datetime | None:
        return self.item_pubdate(item)

    def item_categories(self, item: Paper) -> list[str]:
        labels = list(item.categories or []) or ([item.primary_category] if item.primary_category else [])
        if not labels:
            # Papers imported from Hugging Face carry AI keywords instead of arXiv categories.
            labels = list(item.keywords or [])[:8]
        return [xml_safe(str(label)) for label in labels if str(label).strip()]


# --- the latest daily list --------------------------------------------------


class DailyFeed(PaperFeed):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> date | None:
        return latest_list_date(timezone.now().date())

    def title(self, obj: date | None) -> str:
        when = obj.strftime("%-d %B %Y") if obj else "nothing listed yet"
        return f"{settings.SITE_NAME} — daily papers ({when})"

    def link(self, obj: date | None) -> str:
        return page_url("latest")

    def description(self, obj: date | None) -> str:
        return "The latest daily list of papers, most upvoted first."

    def items(self, obj: date | None) -> list[Paper]:
        if obj is None:
            return []
        return list(
            Paper.objects.listed().filter(daily_entry__list_date=obj).in_list_order("upvotes")[:DAILY_FEED_SIZE]
        )


class DailyAtomFeed(DailyFeed):
    feed_type = Atom1Feed
    subtitle = DailyFeed.description


# --- trending ---------------------------------------------------------------


class TrendingFeed(PaperFeed):
    url_name = "feeds:trending_rss"

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> tuple[TrendingWindow, list[Paper]]:
        name = request.GET.get("window", DEFAULT_WINDOW)
        if name not in WINDOWS:
            raise Http404(f"Unknown trending window {name!r}; use one of {', '.join(WINDOWS)}.")
        return trending_for_window(name, limit=FEED_SIZE)

    def title(self, obj: tuple[TrendingWindow, list[Paper]]) -> str:
        return f"{settings.SITE_NAME} — trending papers ({obj[0].label.lower()})"

    def link(self, obj: tuple[TrendingWindow, list[Paper]]) -> str:
        return f"{page_url('trending')}?window={obj[0].name}"

    def feed_url(self, obj: tuple[TrendingWindow, list[Paper]]) -> str:
        # The self link names this very feed, window included (the request path alone would drop it).
        return f"{reverse(self.url_name)}?window={obj[0].name}"

    def description(self, obj: tuple[TrendingWindow, list[Paper]]) -> str:
        window = obj[0]
        return f"Papers listed {window.first_day:%Y-%m-%d} to {window.last_day:%Y-%m-%d}, by trending score."

    def items(self, obj: tuple[TrendingWindow, list[Paper]]) -> list[Paper]:
        return obj[1]


class TrendingAtomFeed(TrendingFeed):
    feed_type = Atom1Feed
    url_name = "feeds:trending_atom"
    subtitle = TrendingFeed.description


# --- one arXiv category -------------------------------------------------------


def papers_in_category(category: str, *, limit: int = FEED_SIZE) -> list[Paper]:
    """Listed papers in ``category`` (primary or cross-listed): newest list day first, then most upvoted."""
    # JSON containment is not available on SQLite; the quoted name inside the
    # JSON text matches exactly one list element on both databases.
    in_category = Q(primary_category=category) | Q(categories__icontains=f'"{category}"')
    return list(Paper.objects.listed().filter(in_category).newest_lists_first()[:limit])


class CategoryFeed(PaperFeed):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> str:
        category = str(kwargs["category"])
        if not CATEGORY_RE.match(category):
            raise Http404(f"{category!r} is not an arXiv category such as cs.CL or hep-th.")
        return category

    def title(self, obj: str) -> str:
        return f"{settings.SITE_NAME} — {obj} papers"

    def link(self, obj: str) -> str:
        return f"/search?{urlencode({'cat': obj})}"

    def description(self, obj: str) -> str:
        return f"Papers in {obj} on the daily lists, newest first."

    def items(self, obj: str) -> list[Paper]:
        return papers_in_category(obj)


class CategoryAtomFeed(CategoryFeed):
    feed_type = Atom1Feed
    subtitle = CategoryFeed.description


# --- what's new in one category (/list/<category>) ------------------------------


class ListingFeed(PaperFeed):
    """The latest day of /list/<category>: new submissions, then cross-lists, then replacements."""

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> CategoryListing:
        try:
            [code] = canonical_categories([str(kwargs["category"])])
        except (UnknownCategories, ValueError):
            raise Http404("not an arXiv category such as cs.LG, hep-th or cs") from None
        return category_listing(code)

    def title(self, obj: CategoryListing) -> str:
        day = f" ({obj.day.isoformat()})" if obj.day else ""
        return f"{settings.SITE_NAME} — new in {obj.category}{day}"

    def link(self, obj: CategoryListing) -> str:
        return page_url("category_list", obj.category)

    def description(self, obj: CategoryListing) -> str:
        return f"New submissions, cross-lists and replacements in {obj.category} ({obj.name}), latest day."

    def items(self, obj: CategoryListing) -> list[Paper]:
        return obj.papers


class ListingAtomFeed(ListingFeed):
    feed_type = Atom1Feed
    subtitle = ListingFeed.description


# --- one author ---------------------------------------------------------------


def papers_by_author(name: str, *, limit: int = FEED_SIZE) -> list[Paper]:
    """Visible papers by ``name`` in any spelling that lands on the same author page, newest first."""
    identity = author_identity(name)
    if not identity.keys:
        return []
    return list(Paper.objects.visible().with_entry().by_author(identity.keys).catalogue_order()[:limit])


class AuthorFeed(PaperFeed):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> str:
        name = str(kwargs["name"]).strip()
        # A name with no key has no identity; items() looks the identity up (one query, not two).
        if not author_key(name):
            raise Http404("No author by that name.")
        return name

    def title(self, obj: str) -> str:
        return f"{settings.SITE_NAME} — papers by {plain_text(xml_safe(obj))}"

    def link(self, obj: str) -> str:
        return page_url("author", obj)

    def description(self, obj: str) -> str:
        return f"Papers by {plain_text(xml_safe(obj))}, newest first."

    def items(self, obj: str) -> list[Paper]:
        return papers_by_author(obj)


class AuthorAtomFeed(AuthorFeed):
    feed_type = Atom1Feed
    subtitle = AuthorFeed.description


# --- an organization's papers -------------------------------------------------


class OrganizationFeed(PaperFeed):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Organization:
        found = Organization.objects.filter(name=str(kwargs["name"])).first()
        if found is None:
            raise Http404("No organization by that name.")
        return found

    def title(self, obj: Organization) -> str:
        return f"{settings.SITE_NAME} — papers of {plain_text(xml_safe(obj.fullname or obj.name))}"

    def link(self, obj: Organization) -> str:
        return page_url("organization", obj.name)

    def description(self, obj: Organization) -> str:
        return f"Papers listed under {plain_text(xml_safe(obj.fullname or obj.name))}, newest first."

    def items(self, obj: Organization) -> list[Paper]:
        return list(organization_papers(obj.name).catalogue_order()[:FEED_SIZE])


class OrganizationAtomFeed(OrganizationFeed):
    feed_type = Atom1Feed
    subtitle = OrganizationFeed.description


# --- any search query ---------------------------------------------------------


class SearchFeed(PaperFeed):
    url_name = "feeds:search_rss"

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> tuple[FeedSearch, list[Paper]]:
        wanted = FeedSearch.from_params(request.GET)
        if wanted.is_empty:
            raise Http404("A search feed needs a query: /search/feed.rss?q=diffusion")
        # Every poll runs a real search (the query is embedded), so readers share the search page's budget.
        check_rate_limit(request, "search-feed", limit=SEARCH_FEED_RATE[0], period=SEARCH_FEED_RATE[1])
        return wanted, search_feed_items(wanted, limit=FEED_SIZE)

    def title(self, obj: tuple[FeedSearch, list[Paper]]) -> str:
        return plain_text(xml_safe(f"{settings.SITE_NAME} — search: {obj[0].label}"))

    def link(self, obj: tuple[FeedSearch, list[Paper]]) -> str:
        return f"/search?{obj[0].query_string()}"

    def feed_url(self, obj: tuple[FeedSearch, list[Paper]]) -> str:
        # The self link names this very feed, query included: without it a reader
        # that follows rel="self" gets the 404 of a search feed without a query.
        return f"{reverse(self.url_name)}?{obj[0].query_string()}"

    def description(self, obj: tuple[FeedSearch, list[Paper]]) -> str:
        return plain_text(xml_safe(f"The best matches for “{obj[0].label}”."))

    def items(self, obj: tuple[FeedSearch, list[Paper]]) -> list[Paper]:
        return obj[1]


class SearchAtomFeed(SearchFeed):
    feed_type = Atom1Feed
    url_name = "feeds:search_atom"
    subtitle = SearchFeed.description
