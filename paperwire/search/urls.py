from django.urls import URLPattern, URLResolver, path

from paperwire.search import views

app_name = "search"

urlpatterns: list[URLPattern | URLResolver] = [
    path("search.json", views.search_json, name="search_json"),
    path("search/saved", views.save_search_view, name="save"),
    path("search/saved/<int:pk>/delete", views.delete_saved_search_view, name="delete_saved"),
]
