from django.urls import URLPattern, URLResolver, path

from paperwire.accounts import views

app_name = "accounts"

urlpatterns: list[URLPattern | URLResolver] = [
    path("tokens/new", views.token_create, name="token_create"),
    path("tokens/<int:token_id>/revoke", views.token_revoke, name="token_revoke"),
    path("dev/mail", views.mail_list, name="dev_mail"),
    path("dev/mail/<str:file_name>/<int:index>", views.mail_detail, name="dev_mail_message"),
]
