from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal.models import ChainMember, ChainRole

from . import admin_views, deflection_admin


@hooks.register("register_admin_urls")
def knowledge_admin_urls():
    return [
        path(
            "fiches/depuis-ticket/<str:reference>/",
            admin_views.publish_from_ticket,
            name="knowledge_from_ticket",
        ),
        path("fiches/a-revoir/", admin_views.review_due, name="knowledge_review_due"),
        path("libre-service/", deflection_admin.self_service_report, name="knowledge_self_service"),
    ]


class ReviewDueMenuItem(MenuItem):
    def is_shown(self, request):
        from helpdesk.models.querysets import is_helpdesk_admin

        user = request.user
        return (
            is_helpdesk_admin(user)
            or ChainMember.objects.filter(
                user=user, role=ChainRole.MODERATOR, brique__live=True
            ).exists()
        )


@hooks.register("register_admin_menu_item")
def review_due_menu_item():
    return ReviewDueMenuItem(
        _("Articles to review"),
        reverse("knowledge_review_due"),
        icon_name="doc-full",
        order=310,
    )


@hooks.register("register_reports_menu_item")
def self_service_menu_item():
    return deflection_admin.SelfServiceMenuItem(
        _("Self-service"),
        reverse("knowledge_self_service"),
        name="self-service",
        icon_name="success",
        order=900,
    )
