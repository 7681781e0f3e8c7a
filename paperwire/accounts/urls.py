from django.urls import URLPattern, URLResolver, path

from paperwire.accounts import data_views, dev_mail_views, views

app_name = "accounts"

urlpatterns: list[URLPattern | URLResolver] = [
    path("account/data", data_views.your_data, name="your_data"),
    path("account/data.json", data_views.download, name="data_download"),
    path("account/delete", data_views.delete, name="delete"),
    path("tokens/new", views.token_create, name="token_create"),
    path("tokens/<int:token_id>/revoke", views.token_revoke, name="token_revoke"),
    path("dev/mail", dev_mail_views.mail_list, name="dev_mail"),
    path("dev/mail/<str:file_name>/<int:index>", dev_mail_views.mail_detail, name="dev_mail_message"),
    path("dev/mail/<str:file_name>/<int:index>/html", dev_mail_views.mail_html, name="dev_mail_html"),
]
