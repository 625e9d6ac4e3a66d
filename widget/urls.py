"""The help widget's addresses. Included from `portal.urls` before Wagtail's catch-all."""

from django.urls import path

from . import views

app_name = "widget"

urlpatterns = [
    path("widget.js", views.script, name="script"),
    path("aide/widget/", views.panel, name="panel"),
    path("aide/widget/fiches/<int:article_id>/", views.article, name="article"),
    path("demo/intranet/", views.demo_intranet, name="demo_intranet"),
]
