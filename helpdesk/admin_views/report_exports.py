"""The report's exports in the back-office: one dashboard table, or the list of the tickets
the report counts, as CSV or XLSX.

Parameters: the dashboard's (see `helpdesk.reports.forms`), plus `table` (a key of
`Dashboard.tables()`, or "tickets") and `format` ("csv" or "xlsx"). Same reach as the
dashboard: a 404 for someone without reports or naming a brique out of reach; any other
mistake is a 400 with a plain French message.

The ticket list streams: the CSV line by line as the database hands the rows over, the XLSX
built in a temporary file (a zip cannot be sent before it is complete) and sent from it. An
XLSX list stops at Excel's limit of 1,048,576 rows, its last line saying so and pointing to
the CSV, which has no limit.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ..reports.dashboard import build_dashboard
from ..reports.exports import (
    Sheet,
    csv_lines,
    file_name,
    header_lines,
    table_sheet,
    tickets_sheet,
    tickets_title,
    write_xlsx,
)
from ..reports.forms import OutOfReach, ReportFilterForm
from ..reports.query import may_see_reports

FORMATS = ("csv", "xlsx")
TICKETS = "tickets"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
def report_export(request: HttpRequest) -> HttpResponse:
    if not may_see_reports(request.user):
        raise Http404
    form = ReportFilterForm(request.GET, user=request.user)
    try:
        form.check_reach()
    except OutOfReach:
        raise Http404 from None
    if not form.is_valid():
        errors = [str(error) for errors in form.errors.values() for error in errors]
        return _bad_request(
            _("The report's filters are not valid: %(errors)s") % {"errors": " ".join(errors)}
        )
    export_format = request.GET.get("format", "")
    if export_format not in FORMATS:
        return _bad_request(_("Unknown export format: choose CSV or XLSX."))
    key = request.GET.get("table", "")
    now = timezone.now()
    query = replace(form.report_query(), now=now)

    if key == TICKETS:
        sheet = tickets_sheet(query, header_lines(tickets_title(), query, request.user, now))
    else:
        table = build_dashboard(query).table(key) if key else None
        if table is None:
            return _bad_request(_("Unknown table: choose one of the dashboard's tables."))
        sheet = table_sheet(table, header_lines(table.title, query, request.user, now))

    name = file_name(key, query, export_format)
    if export_format == "csv":
        return _csv_response(sheet, name)
    return _xlsx_response(sheet, name)


def _csv_response(sheet: Sheet, name: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(sheet), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def _xlsx_response(sheet: Sheet, name: str) -> FileResponse:
    # Spooled in memory up to 10 MB, on disk beyond; FileResponse closes (and so deletes) it.
    file = tempfile.SpooledTemporaryFile(max_size=10 * 1024 * 1024)  # noqa: SIM115 (FileResponse closes it after sending)
    write_xlsx(sheet, file)
    file.seek(0)
    return FileResponse(file, as_attachment=True, filename=name, content_type=XLSX_TYPE)


def _bad_request(message: str) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
