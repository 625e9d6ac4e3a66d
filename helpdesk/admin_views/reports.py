"""The reports dashboard in the back-office: the filter form, the key figures beside the
previous period's, the charts with their text alternative and data table, and the export
links. Everything is computed by `build_dashboard` (helpdesk.reports); this view only checks
the reach and renders."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ..reports import charts
from ..reports.dashboard import build_dashboard
from ..reports.forms import OutOfReach, ReportFilterForm
from ..reports.query import may_see_reports
from . import html

# Parameters of the exports that are not filters.
EXPORT_PARAMS = ("table", "format")


@require_GET
def reports(request: HttpRequest) -> HttpResponse:
    if not may_see_reports(request.user):
        raise Http404
    # Always bound: no parameters at all is the default period, every brique in reach.
    form = ReportFilterForm(request.GET, user=request.user)
    try:
        form.check_reach()
    except OutOfReach:
        raise Http404 from None
    valid = form.is_valid()
    context = {
        "page_title": _("Reports"),
        "form": form,
        "fields": _filter_fields(form),
        "dashboard": None,
    }
    if valid:
        context.update(_dashboard_context(request, form))
    return TemplateResponse(request, "helpdesk/admin/reports.html", context)


def _filter_fields(form: ReportFilterForm) -> dict:
    """The filters as HTML, labelled and with their errors (see `html`)."""
    return {
        "period": html.select(form["period"]),
        "brique": html.checkboxes(form["brique"]),
        "school": html.checkboxes(form["school"]),
        "others": [html.select(form[name]) for name in ("kind", "priority", "category", "public")],
    }


def _dashboard_context(request: HttpRequest, form: ReportFilterForm) -> dict:
    dashboard = build_dashboard(form.report_query())
    link = charts.LinkTarget.for_dashboard(request.user, dashboard)
    context = {"dashboard": dashboard, "period": dashboard.query.period}
    if dashboard.is_empty:
        return context
    exports = _export_urls(request)

    def exported(table: charts.ShownTable) -> charts.ShownTable:
        return replace(table, exports=exports(table.key))

    heat = charts.heat_map(dashboard, link)
    context.update(
        {
            "cards": charts.key_figure_cards(dashboard.figures_table(), link),
            "figures_table": exported(charts.shown_table(dashboard.figures_table(), link)),
            "charts": [
                replace(chart, table=exported(chart.table))
                for chart in charts.charts(dashboard, link)
            ],
            "heat_map": exported(heat[0]) if heat else None,
            "heat_summary": heat[1] if heat else "",
            "article_tables": [exported(table) for table in charts.article_tables(dashboard, link)],
            "ticket_exports": exports("tickets"),
            "links": link.queue is not None,
        }
    )
    return context


def _export_urls(request: HttpRequest) -> Callable[[str], dict[str, str]]:
    """table key -> {"csv": url, "xlsx": url}, with the page's filters."""
    base = reverse("helpdesk_admin:report_export")
    kept = [(k, v) for k in request.GET for v in request.GET.getlist(k) if k not in EXPORT_PARAMS]

    def urls(table: str) -> dict[str, str]:
        return {
            fmt: f"{base}?{urlencode([*kept, ('table', table), ('format', fmt)])}"
            for fmt in ("csv", "xlsx")
        }

    return urls
