from django.urls import path

from . import api_token_views, views

app_name = "portal"

urlpatterns = [
    path("connexion/", views.GuichetLoginView.as_view(), name="login"),
    path("deconnexion/", views.GuichetLogoutView.as_view(), name="logout"),
    path("profil/", views.ProfileView.as_view(), name="profile"),
    path("profil/jetons-api/", api_token_views.api_tokens, name="api_tokens"),
    path(
        "profil/jetons-api/<int:pk>/revoquer/",
        api_token_views.revoke_token,
        name="api_token_revoke",
    ),
]
