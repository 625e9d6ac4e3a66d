from django.urls import path

from . import views

app_name = "knowledge"

urlpatterns = [path("fiches/<int:article_id>/avis/", views.vote, name="vote")]
