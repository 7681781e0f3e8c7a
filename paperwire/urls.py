from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("paperwire.ops.urls")),
    path("", include("paperwire.accounts.urls")),
    path("", include("paperwire.community.urls")),
    path("", include("paperwire.search.urls")),
    path("", include("paperwire.library.urls")),
    path("", include("paperwire.digests.urls")),
    path("", include("paperwire.feeds.urls")),
    path("", include("paperwire.api.urls")),
    # The pages last: front owns the catch-all /papers/<arxiv_id> pattern.
    path("", include("paperwire.front.urls")),
]
