"""The lifecycle chart of TicketFlow, drawn by Viewflow, with a ticket's tasks highlighted."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from viewflow.workflow import chart
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..flows import TicketFlow
from .access import staff_profile
from .ticket import current_tasks, staff_ticket


class ChartView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "helpdesk/admin/chart.html"
    header_icon = "tasks"
    page_title = _("Ticket lifecycle")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        reference = kwargs.get("reference")
        self.ticket = staff_ticket(request, reference) if reference else None
        if self.ticket is None and not staff_profile(request).is_staff:
            raise Http404

    def get_page_subtitle(self):
        return self.ticket.reference if self.ticket else ""

    def get_breadcrumbs_items(self):
        items = [
            *self.breadcrumbs_items,
            {"url": reverse("helpdesk_admin:home"), "label": _("Tickets")},
        ]
        if self.ticket:
            items.append(
                {
                    "url": reverse("helpdesk_admin:ticket", args=[self.ticket.reference]),
                    "label": self.ticket.reference,
                }
            )
        return [*items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        grid = chart.calc_layout_data(TicketFlow)
        if self.ticket and self.ticket.process_id:
            chart.calc_cell_status(TicketFlow, grid, self.ticket.process_id)
        # The SVG comes from Viewflow's own template, fed with our flow's annotations.
        context["svg"] = mark_safe(chart.grid_to_svg(grid))
        context["ticket"] = self.ticket
        context["tasks"] = current_tasks(self.ticket) if self.ticket else []
        return context
