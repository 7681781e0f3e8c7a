from django.urls import URLPattern, URLResolver, path

from paperwire.community import views

app_name = "community"

urlpatterns: list[URLPattern | URLResolver] = [
    path("submit", views.submit, name="submit"),
    path("submit/<int:pk>", views.submission, name="submission"),
    path("vote/<int:paper_id>", views.vote, name="vote"),
    path("comments/new/<int:paper_id>", views.comment_create, name="comment_create"),
    path("comments/preview/<int:paper_id>", views.comment_preview, name="comment_preview"),
    path("comments/<int:pk>/edit", views.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/delete", views.comment_delete, name="comment_delete"),
    path("comments/<int:pk>/report", views.comment_report, name="comment_report"),
    path("claims/new/<int:paper_id>", views.claim_create, name="claim_create"),
    path("claims/<int:pk>/withdraw", views.claim_withdraw, name="claim_withdraw"),
]
