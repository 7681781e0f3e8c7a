from django.urls import URLPattern, URLResolver, path

from paperwire.channels import views

app_name = "channels"

urlpatterns: list[URLPattern | URLResolver] = [
    path("settings/channels", views.settings_page, name="settings"),
    path("settings/channels/add", views.add_destination, name="add"),
    path("settings/channels/<int:pk>/test", views.send_test, name="test"),
    path("settings/channels/<int:pk>/switch", views.switch, name="switch"),
    path("settings/channels/<int:pk>/remove", views.remove, name="remove"),
]
