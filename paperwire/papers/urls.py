from django.urls import path, re_path

from paperwire.papers import stats_views, trending_views, views

app_name = "papers"

urlpatterns = [
    path("", views.home, name="home"),
    path("papers", views.latest, name="latest"),
    path("papers/date/<str:day>", views.daily, name="daily"),
    path("papers/week/<str:week>", views.weekly, name="weekly"),
    path("papers/month/<str:month>", views.monthly, name="monthly"),
    path("papers/trending", trending_views.trending_page, name="trending"),
    path("stats", stats_views.stats_page, name="stats"),
    path("about", stats_views.about_page, name="about"),
    # New-style (2401.01234) and old-style (hep-th/9901001) ids, optionally versioned.
    re_path(
        r"^papers/(?P<arxiv_id>[A-Za-z\-\.]+/\d{7}(?:v\d+)?|\d{4}\.\d{4,5}(?:v\d+)?)$", views.paper_detail, name="paper"
    ),
]
