from django.contrib import admin
from django.urls import include, path

from paperwire.accounts.confirm_email import confirm_email

urlpatterns = [
    path("admin/", admin.site.urls),
    # Before allauth's own view of the same address: confirming also signs in, in any browser.
    path("accounts/confirm-email/<str:key>/", confirm_email, name="account_confirm_email"),
    path("accounts/", include("allauth.urls")),
    path("", include("paperwire.ops.urls")),
    path("", include("paperwire.accounts.urls")),
    path("", include("paperwire.community.urls")),
    path("", include("paperwire.search.urls")),
    path("", include("paperwire.library.urls")),
    path("", include("paperwire.digests.urls")),
    path("", include("paperwire.channels.urls")),
    path("", include("paperwire.feeds.urls")),
    path("", include("paperwire.api.urls")),
    path("", include("paperwire.papers.urls")),
    # The pages last: front owns the catch-all /papers/<arxiv_id> pattern.
    path("", include("paperwire.front.urls")),
]
