from django.urls import URLPattern, URLResolver, path

from paperwire.digests import views

app_name = "digests"

urlpatterns: list[URLPattern | URLResolver] = [
    path("subscribe", views.subscribe, name="subscribe"),
    path("subscribe/confirm/<str:token>", views.confirm_view, name="confirm"),
    path("subscribe/preferences", views.my_preferences, name="my_preferences"),
    path("subscribe/preferences/<str:token>", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>", views.unsubscribe_view, name="unsubscribe"),
    path("digest/feedback/<str:token>/<str:vote>", views.feedback_view, name="feedback"),
]
