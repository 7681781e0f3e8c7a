"""Private feeds of follows: /feeds/follow/<secret token>.atom (and .rss).

The token is the only credential (feed readers cannot log in); revoking a
follow's feed replaces it. Saved searches run through the search feed's
ranking; everything else is ``library.follows.follow_papers``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, QueryDict
from django.utils.feedgenerator import Atom1Feed

from paperwire.feeds.feeds import FEED_SIZE, SEARCH_FEED_RATE, PaperFeed
from paperwire.feeds.search_items import FeedSearch, search_feed_items
from paperwire.lib.pages import page_url
from paperwire.lib.plain_text import plain_text
from paperwire.lib.ratelimit import check_rate_limit
from paperwire.lib.xml_text import xml_safe
from paperwire.library.follows import describe, follow_for_token, follow_papers
from paperwire.library.models import Follow
from paperwire.papers.models import Paper
from paperwire.search.models import SavedSearch


def _saved_search_papers(follow: Follow) -> list[Paper]:
    found = SavedSearch.objects.filter(pk=int(follow.target)).first() if follow.target.isdigit() else None
    if found is None:
        return []
    search = FeedSearch.from_params(QueryDict(found.query_string))
    return [] if search.is_empty else search_feed_items(search, limit=FEED_SIZE)


class FollowFeed(PaperFeed):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Follow:
        follow = follow_for_token(str(kwargs["token"]))
        if follow is None:
            raise Http404("No feed at this address (it may have been revoked).")
        if follow.kind == Follow.Kind.SAVED_SEARCH:
            # A saved search runs a real search on every poll: the same budget as the public search feed.
            check_rate_limit(request, "search-feed", limit=SEARCH_FEED_RATE[0], period=SEARCH_FEED_RATE[1])
        return follow

    def title(self, obj: Follow) -> str:
        return f"{settings.SITE_NAME} — {obj.get_kind_display().lower()} {plain_text(xml_safe(describe(obj)))}"

    def link(self, obj: Follow) -> str:
        if obj.kind == Follow.Kind.AUTHOR:
            return page_url("author", obj.label)
        return "/"

    def description(self, obj: Follow) -> str:
        return f"New papers for a follow on {settings.SITE_NAME}, newest first."

    def items(self, obj: Follow) -> list[Paper]:
        if obj.kind == Follow.Kind.SAVED_SEARCH:
            return _saved_search_papers(obj)
        return follow_papers(obj, limit=FEED_SIZE)


class FollowAtomFeed(FollowFeed):
    feed_type = Atom1Feed
    subtitle = FollowFeed.description
