from django.urls import URLPattern, URLResolver, path

from paperwire.api.application import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/", api.urls),
]
