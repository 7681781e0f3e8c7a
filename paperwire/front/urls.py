from django.urls import URLPattern, URLResolver, path, re_path

from paperwire.front.views import (
    about,
    authors,
    category_list,
    follows,
    for_you,
    library,
    library_import,
    lists,
    organizations,
    paper,
    profile,
    search,
    stats,
    trending,
)

app_name = "front"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", lists.home, name="home"),
    path("papers", lists.latest, name="latest"),
    path("papers/date/<str:day>", lists.daily, name="daily"),
    path("papers/week/<str:week>", lists.weekly, name="weekly"),
    path("papers/month/<str:month>", lists.monthly, name="monthly"),
    path("papers/trending", trending.trending_page, name="trending"),
    path("library", library.library_page, name="library"),
    path("library/import", library_import.import_page, name="library_import"),
    path("library/follows", follows.follows_page, name="follows"),
    path("for-you", for_you.for_you, name="for_you"),
    path("stats", stats.stats_page, name="stats"),
    path("list", category_list.list_index, name="list_index"),
    path("list/<str:category>", category_list.category_list, name="category_list"),
    path("about", about.about_page, name="about"),
    path("search", search.search_page, name="search"),
    path("related", search.related_page, name="related"),
    path("u/<str:username>", profile.profile, name="profile"),
    path("authors/<path:name>", authors.author_page, name="author"),
    path("orgs", organizations.organization_index, name="organizations"),
    path("orgs/<str:name>", organizations.organization_page, name="organization"),
    # New-style (2401.01234) and old-style (hep-th/9901001) ids, optionally versioned.
    re_path(
        r"^papers/(?P<arxiv_id>[A-Za-z\-\.]+/\d{7}(?:v\d+)?|\d{4}\.\d{4,5}(?:v\d+)?)$", paper.paper_page, name="paper"
    ),
]
