from django.urls import path

from paperwire.papers import views

app_name = "papers"

urlpatterns = [
    path("thumbnails/<int:paper_id>/<str:size>.jpg", views.thumbnail, name="thumbnail"),
]
