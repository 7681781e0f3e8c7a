"""Feed addresses: one RSS and one Atom feed per list.

Included at the root before the pages (front), so /papers/feed.rss is not
mistaken for a paper id.
"""

from django.urls import URLPattern, URLResolver, path

from paperwire.feeds import feeds, follow_feeds

app_name = "feeds"

urlpatterns: list[URLPattern | URLResolver] = [
    path("papers/feed.rss", feeds.DailyFeed(), name="daily_rss"),
    path("papers/feed.atom", feeds.DailyAtomFeed(), name="daily_atom"),
    path("papers/trending/feed.rss", feeds.TrendingFeed(), name="trending_rss"),
    path("papers/trending/feed.atom", feeds.TrendingAtomFeed(), name="trending_atom"),
    path("papers/category/<str:category>/feed.rss", feeds.CategoryFeed(), name="category_rss"),
    path("papers/category/<str:category>/feed.atom", feeds.CategoryAtomFeed(), name="category_atom"),
    path("list/<str:category>/feed.rss", feeds.ListingFeed(), name="listing_rss"),
    path("list/<str:category>/feed.atom", feeds.ListingAtomFeed(), name="listing_atom"),
    path("authors/<path:name>/feed.rss", feeds.AuthorFeed(), name="author_rss"),
    path("authors/<path:name>/feed.atom", feeds.AuthorAtomFeed(), name="author_atom"),
    path("orgs/<str:name>/feed.rss", feeds.OrganizationFeed(), name="organization_rss"),
    path("orgs/<str:name>/feed.atom", feeds.OrganizationAtomFeed(), name="organization_atom"),
    path("search/feed.rss", feeds.SearchFeed(), name="search_rss"),
    path("search/feed.atom", feeds.SearchAtomFeed(), name="search_atom"),
    path("feeds/follow/<str:token>.rss", follow_feeds.FollowFeed(), name="follow_rss"),
    path("feeds/follow/<str:token>.atom", follow_feeds.FollowAtomFeed(), name="follow_atom"),
]
