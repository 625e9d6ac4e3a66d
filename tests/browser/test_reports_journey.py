"""Journey: a functional admin opens the reports dashboard, narrows it to one brique and the
last seven days, follows a bar of the volume chart to the ticket list in the queue, comes back
and downloads the ticket list as XLSX, read back with openpyxl. axe-core checks the dashboard
and its error state.

Selectors rely on ids, names and test ids, never on visible words."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from portal.services.roles import ensure_role_groups
from tests.factories import home_page
from tests.helpdesk.factories import make_desk, submit

from .test_ticket_journey import _sign_in, audit

pytestmark = pytest.mark.browser

URL = "/admin/tickets/rapports/"


@pytest.fixture
def desks(transactional_db):
    home_page()
    ensure_role_groups()
    moodle = make_desk("Moodle")
    other = make_desk("Scenari")
    return moodle, other


def test_dashboard_filters_chart_link_and_export(desks, live_server, browser_page):
    moodle, other = desks
    first = submit(moodle, title="Dépôt de devoir impossible")
    second = submit(moodle, requester=moodle.outsider, title="Quiz bloqué")
    elsewhere = submit(other, title="Export SCORM en échec")
    page = browser_page
    base = live_server.url
    _sign_in(page, base, moodle.admin, URL)

    expect(page.get_by_test_id("key-figures")).to_be_visible()
    expect(page.get_by_test_id("chart-volume").locator("svg.pygal-chart")).to_be_visible()
    audit(page)

    # Narrow to Moodle over the last seven days.
    page.locator("#id_period").select_option("7d")
    page.locator(f"input[name=brique][value='{moodle.brique.pk}']").check()
    with page.expect_navigation():
        page.locator("form.helpdesk-report-filters button[type=submit]").click()
    assert f"brique={moodle.brique.pk}" in page.url and "period=7d" in page.url
    volume = page.get_by_test_id("table-volume")
    expect(volume).to_contain_text("Moodle")
    expect(volume).not_to_contain_text("Scenari")
    audit(page)

    # Today's Moodle bar: the queue lists Moodle's two tickets, not Scenari's.
    bar = page.get_by_test_id("chart-volume").locator("svg.pygal-chart a[target=_self]").last
    with page.expect_navigation():
        bar.click()
    assert "/admin/tickets/queue/all/" in page.url
    listing = page.locator("table.helpdesk-queue")
    expect(listing).to_contain_text(first.reference)
    expect(listing).to_contain_text(second.reference)
    expect(listing).not_to_contain_text(elsewhere.reference)

    # Back on the dashboard, the ticket list as XLSX.
    page.go_back()
    with page.expect_download() as download_info:
        page.get_by_test_id("export-tickets-xlsx").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    # Playwright stores the file without its extension, which openpyxl checks: read bytes.
    content = io.BytesIO(Path(download.path()).read_bytes())
    sheet = openpyxl.load_workbook(content).worksheets[0]
    cells = {cell for row in sheet.iter_rows(values_only=True) for cell in row if cell}
    assert {first.reference, second.reference} <= cells
    assert elsewhere.reference not in cells

    # A period in the future: a French error announced, no figures, still accessible.
    page.goto(f"{base}{URL}?period=custom&start=2099-01-01&end=2099-01-31")
    expect(page.get_by_test_id("report-errors")).to_be_visible()
    expect(page.locator("#id_start-errors")).to_be_visible()
    expect(page.get_by_test_id("key-figures")).to_have_count(0)
    audit(page)
