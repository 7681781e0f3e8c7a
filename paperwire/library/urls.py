from django.urls import URLPattern, URLResolver, path

from paperwire.library import views

app_name = "library"

urlpatterns: list[URLPattern | URLResolver] = [
    path("library/save/<int:paper_id>", views.save, name="save"),
    path("library/note/<int:paper_id>", views.note, name="note"),
    path("library/tags/<int:paper_id>", views.paper_tags, name="paper_tags"),
    path("library/not-interested/<int:paper_id>", views.not_interested, name="not_interested"),
    path("library/tag/new", views.tag_create, name="tag_create"),
    path("library/tag/<int:pk>/<str:action>", views.tag_action, name="tag_action"),
    path("library/export.bib", views.export, name="export"),
    path("library/cite/<int:paper_id>.bib", views.cite, name="cite"),
    path("library/follow", views.follow_create, name="follow"),
    # The author page's own form posts ``author`` (the name as written).
    path("library/follow/author", views.follow_author, name="follow_author"),
    path("library/follow/<int:pk>/<str:action>", views.follow_action, name="follow_action"),
    path("library/zotero/connect", views.zotero_connect, name="zotero_connect"),
    path("library/zotero/<int:pk>/<str:action>", views.zotero_action, name="zotero_action"),
]
