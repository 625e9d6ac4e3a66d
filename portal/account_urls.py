from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("connexion/", views.GuichetLoginView.as_view(), name="login"),
    path("deconnexion/", views.GuichetLogoutView.as_view(), name="logout"),
    path("profil/", views.ProfileView.as_view(), name="profile"),
]
