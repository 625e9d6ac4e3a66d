"""The requester's pages on the public site. Included from `portal.urls` before Wagtail's
catch-all, at the site root, for "/aide/" and everything under "/demandes/"."""

from django.urls import path

from .mail import views as mail_views
from .views import attachments, requester, self_service

app_name = "helpdesk"

urlpatterns = [
    path("aide/", requester.help_start, name="help"),
    path("demandes/", requester.my_tickets, name="my_tickets"),
    path("demandes/nouvelle/<int:brique_id>/", requester.new_ticket, name="new_ticket"),
    path(
        "demandes/nouvelle/<int:brique_id>/suggestions/",
        self_service.suggestions,
        name="self_service_suggestions",
    ),
    path(
        "demandes/nouvelle/<int:brique_id>/fiches/<int:article_id>/",
        self_service.article,
        name="self_service_article",
    ),
    path(
        "demandes/nouvelle/<int:brique_id>/resolue/",
        self_service.solved,
        name="self_service_solved",
    ),
    path(
        "demandes/nouvelle/<int:brique_id>/merci/", self_service.thanks, name="self_service_thanks"
    ),
    path("demandes/<str:reference>/", requester.ticket_detail, name="ticket"),
    path("demandes/<str:reference>/repondre/", requester.reply, name="reply"),
    path("demandes/<str:reference>/annuler/", requester.cancel, name="cancel"),
    path("demandes/<str:reference>/confirmer/", requester.confirm, name="confirm"),
    path("demandes/<str:reference>/rouvrir/", requester.reopen, name="reopen"),
    path(
        "demandes/<str:reference>/lien/<str:token>/",
        mail_views.resolution_link,
        name="mail_link",
    ),
    path("demandes/<str:reference>/fichiers/<int:pk>/", attachments.download, name="attachment"),
]
