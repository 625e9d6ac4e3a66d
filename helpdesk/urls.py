"""The requester's pages on the public site. Included from `portal.urls` before Wagtail's
catch-all, at the site root, for "/aide/" and everything under "/demandes/"."""

from django.urls import path

from .views import attachments, requester

app_name = "helpdesk"

urlpatterns = [
    path("aide/", requester.help_start, name="help"),
    path("demandes/", requester.my_tickets, name="my_tickets"),
    path("demandes/nouvelle/<int:brique_id>/", requester.new_ticket, name="new_ticket"),
    path("demandes/<str:reference>/", requester.ticket_detail, name="ticket"),
    path("demandes/<str:reference>/repondre/", requester.reply, name="reply"),
    path("demandes/<str:reference>/annuler/", requester.cancel, name="cancel"),
    path("demandes/<str:reference>/confirmer/", requester.confirm, name="confirm"),
    path("demandes/<str:reference>/rouvrir/", requester.reopen, name="reopen"),
    path("demandes/<str:reference>/fichiers/<int:pk>/", attachments.download, name="attachment"),
]
