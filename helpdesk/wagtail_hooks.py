"""The helpdesk in the Wagtail admin: a "Tickets" menu with one entry per queue."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from .admin_views import urls as admin_urls
from .admin_views.access import staff_profile
from .admin_views.queues import QUEUES
from .reports.query import may_see_reports


@hooks.register("register_admin_urls")
def register_ticket_urls():
    return [path("tickets/", include(admin_urls, namespace="helpdesk_admin"))]


class QueueMenuItem(MenuItem):
    """Shown only to the people the queue is for (moderators, technicians, admins)."""

    def __init__(self, queue, order):
        super().__init__(
            queue.label,
            reverse("helpdesk_admin:queue", args=[queue.slug]),
            name=f"tickets-{queue.slug}",
            icon_name="list-ul",
            order=order,
        )
        self.queue = queue

    def is_shown(self, request):
        return self.queue.shown(staff_profile(request))


class ChartMenuItem(MenuItem):
    def is_shown(self, request):
        return staff_profile(request).is_staff


def _sees_reports(request) -> bool:
    """Admins and moderators without a query; brique owners once per request."""
    profile = staff_profile(request)
    if profile.admin or profile.moderator:
        return True
    if not hasattr(request, "_helpdesk_sees_reports"):
        request._helpdesk_sees_reports = may_see_reports(request.user)
    return request._helpdesk_sees_reports


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return _sees_reports(request)


def _ticket_menu_items():
    items = [QueueMenuItem(queue, order=100 + i) for i, queue in enumerate(QUEUES.values())]
    items.append(
        ChartMenuItem(  # shown to helpdesk staff, like the chart
            _("Problems"),
            reverse("helpdesk_admin:problems"),
            name="tickets-problems",
            icon_name="warning",
            order=800,
        )
    )
    items.append(
        ReportsMenuItem(  # admins, moderators and brique owners
            _("Reports"),
            reverse("helpdesk_admin:reports"),
            name="tickets-reports",
            icon_name="table",
            order=850,
        )
    )
    items.append(
        ChartMenuItem(
            _("Lifecycle chart"),
            reverse("helpdesk_admin:chart"),
            name="tickets-chart",
            icon_name="tasks",
            order=900,
        )
    )
    return items


@hooks.register("register_admin_menu_item")
def register_tickets_menu():
    return SubmenuMenuItem(
        _("Tickets"), Menu(items=_ticket_menu_items()), name="tickets", icon_name="help", order=150
    )


@hooks.register("guichet_admin_chrome_vary")
def ticket_menu_depends_on_chain_standing(request):
    """The cached admin sidebar (portal/templatetags/admin_chrome.py) lists the queues of the
    person's standing in the responsibility chains: one sidebar per standing."""
    profile = staff_profile(request)
    flags = (
        profile.admin,
        profile.moderator,
        profile.technician,
        profile.is_staff,
        _sees_reports(request),
    )
    return "".join(str(int(flag)) for flag in flags)
