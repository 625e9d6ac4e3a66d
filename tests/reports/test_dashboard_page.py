"""The reports dashboard page: who sees it and which figures, the filter form's French errors,
the empty state, the charts and tables, links that open the queue on exactly the tickets
counted, export links, and a query count that does not grow with the tickets.

Tickets are moved by the real services at chosen instants (business hours on the default
calendar, Monday to Friday 08:00 to 18:00, Paris)."""

import re
from datetime import date, datetime
from html import unescape
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from django.utils.translation import gettext as _

from helpdesk import services
from helpdesk.models import ResolutionCode, TicketKind
from helpdesk.reports.charts import LinkTarget, format_change, format_value
from helpdesk.reports.dashboard import build_dashboard
from helpdesk.reports.period import Period
from helpdesk.reports.query import ReportQuery
from portal.models import BriquePage, SlaTarget
from tests.factories import UserFactory
from tests.helpdesk.factories import make_desk, submit

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
URL = "/admin/tickets/rapports/"
MARCH = {"period": "custom", "start": "2026-03-01", "end": "2026-03-31"}


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield


@pytest.fixture
def march():
    """Moodle: three tickets in March (one resolved and rated, one service request from
    Rennes, one new) and one in February; Scenari: one ticket in March."""
    desk = make_desk("Moodle")
    SlaTarget.objects.create(
        brique=desk.brique, priority=3, time_to_own_hours="2.5", time_to_resolve_hours=8
    )
    t1 = submit(desk, at=paris(2026, 3, 9, 9))
    services.qualify_ticket(desk.moderator, t1, assignee=desk.technician, at=paris(2026, 3, 9, 11))
    services.resolve_ticket(
        desk.technician,
        t1,
        solution="Cache vidé.",
        resolution_code=ResolutionCode.FIXED,
        at=paris(2026, 3, 9, 15),
    )
    services.confirm_resolution(desk.requester, t1, rating=4, at=paris(2026, 3, 10, 9))
    t2 = submit(
        desk, requester=desk.outsider, kind=TicketKind.SERVICE_REQUEST, at=paris(2026, 3, 24, 9)
    )
    t3 = submit(desk, at=paris(2026, 3, 24, 10))
    february = submit(desk, at=paris(2026, 2, 20, 16))
    other = make_desk("Scenari")
    elsewhere = submit(other, title="Export SCORM en échec", at=paris(2026, 3, 10, 9))
    return desk, other, {"t1": t1, "t2": t2, "t3": t3, "feb": february, "else": elsewhere}


def page(client, user, **params):
    client.force_login(user)
    return client.get(URL, params)


def text(response) -> str:
    return unescape(response.content.decode())


def links(response, path_part: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="([^"]+)"', response.content.decode())
            if path_part in h]  # fmt: skip


def queue_rows(client, url: str) -> set[str]:
    """The references the queue lists at `url` (every page)."""
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "pagination" not in html or "Page 1 sur 1" in html
    return set(re.findall(r"\b[A-Z]-\d{6}\b", html))


# --- access -----------------------------------------------------------------------------------


def test_a_functional_admin_sees_every_brique(client, march):
    desk, other, _t = march
    response = page(client, desk.admin, **MARCH)
    assert response.status_code == 200
    body = text(response)
    assert _("Reports") in body
    # Key figures: four tickets submitted in March (three Moodle, one Scenari).
    cards = re.search(r'data-testid="key-figures">(.*?)</ul>', body, re.S).group(1)
    assert re.search(r">\s*4\s*</a>", cards)
    for testid in ("chart-volume", "chart-backlog_ageing", "chart-brique_school"):
        assert f'data-testid="{testid}"' in body
    assert "Moodle" in body and "Scenari" in body
    # The brique list of the form offers both.
    assert f'value="{desk.brique.pk}"' in body and f'value="{other.brique.pk}"' in body
    # Charts are inline SVG with no script from anywhere.
    svgs = re.findall(r'<svg[^>]*class="pygal-chart".*?</svg>', body, re.S)
    assert len(svgs) >= 2
    assert not any("<script" in svg or "cdn" in svg.lower() for svg in svgs)
    # Named for assistive technologies, and each bar a link to the queue.
    volume = svgs[0]
    assert (
        'role="group"' in volume
        and f'aria-label="{_("Tickets submitted over time, per brique")}"' in volume
    )
    assert 'xlink:href="/admin/tickets/queue/all/?' in volume


def test_a_moderator_sees_only_their_briques(client, march):
    desk, other, _t = march
    response = page(client, desk.moderator, **MARCH)
    assert response.status_code == 200
    body = text(response)
    form = body.split('id="report-results"')[0]
    assert f'value="{desk.brique.pk}"' in form
    assert f'value="{other.brique.pk}"' not in form and "Scenari" not in body
    cards = re.search(r'data-testid="key-figures">(.*?)</ul>', body, re.S).group(1)
    assert re.search(r">\s*3\s*</a>", cards)  # Moodle's three March tickets
    # Another brique (or its category) in the URL: as if it did not exist.
    assert page(client, desk.moderator, **MARCH, brique=other.brique.pk).status_code == 404
    category = other.brique.categories.get()
    assert page(client, desk.moderator, **MARCH, category=category.pk).status_code == 404
    assert page(client, desk.moderator, **MARCH, brique=999999).status_code == 404


def test_people_without_reports_get_a_404(client, march):
    desk, _other, _t = march
    assert page(client, desk.requester).status_code in (302, 404)
    assert page(client, desk.technician).status_code == 404
    client.logout()
    assert client.get(URL).status_code in (302, 404)


def test_the_menu_shows_reports_to_those_who_have_them(client, march):
    desk, _other, _t = march
    client.force_login(desk.moderator)
    assert URL in client.get("/admin/tickets/queue/new/").content.decode()
    client.force_login(desk.technician)
    assert URL not in client.get("/admin/tickets/queue/mine/").content.decode()


# --- bad input and empty state ----------------------------------------------------------------


def test_bad_dates_give_french_errors_and_no_figures(client, march):
    desk, _other, _t = march
    response = page(client, desk.admin, period="custom", start="le 1er mars", end="2026-03-31")
    assert response.status_code == 200
    body = text(response)
    assert 'data-testid="report-errors"' in body and 'role="alert"' in body
    assert "Saisissez une date valide." in body
    assert 'aria-invalid="true"' in body
    assert 'data-testid="key-figures"' not in body

    response = page(client, desk.admin, period="custom", start="2026-03-31", end="2026-03-01")
    assert _("The last day must be on or after the first day.") in text(response)
    response = page(client, desk.admin, period="custom", start="2026-03-01")
    assert _("Give both the first and the last day of the period.") in text(response)
    response = page(client, desk.admin, period="bientôt")
    assert response.status_code == 200 and 'data-testid="report-errors"' in text(response)


def test_a_future_period_is_an_error(client, march):
    desk, _other, _t = march
    response = page(client, desk.admin, period="custom", start="2099-01-01", end="2099-01-31")
    assert response.status_code == 200
    body = text(response)
    assert _("The period cannot start in the future.") != "The period cannot start in the future."
    assert _("The period cannot start in the future.") in body
    assert 'data-testid="key-figures"' not in body


def test_filters_matching_nothing_show_the_empty_state(client, march):
    desk, _other, _t = march
    response = page(client, desk.admin, period="custom", start="2025-01-01", end="2025-01-31")
    body = text(response)
    assert "Aucune demande pour cette période et ces filtres." in body
    assert 'data-testid="key-figures"' not in body and "pygal-chart" not in body
    # The only service request came from Rennes.
    response = page(
        client, desk.admin, **MARCH, kind=TicketKind.SERVICE_REQUEST, school=desk.school.pk
    )
    assert 'data-testid="report-empty"' in text(response)


# --- links to the queue -----------------------------------------------------------------------


def test_links_open_the_queue_on_exactly_the_tickets_counted(client, march):
    desk, other, t = march
    response = page(client, desk.admin, **MARCH, brique=desk.brique.pk)
    submitted = [h for h in links(response, "/admin/tickets/queue/all/") if "created_at_from" in h]
    assert submitted
    params = parse_qs(urlsplit(submitted[0]).query)
    assert params["created_at_from"] == ["2026-03-01"]
    assert params["created_at_to"] == ["2026-03-31"]
    assert params["brique"] == [str(desk.brique.pk)]
    # The first link is the "Tickets submitted" card: Moodle's three March tickets.
    assert queue_rows(client, submitted[0]) == {t["t1"].reference, t["t2"].reference,
                                                t["t3"].reference}  # fmt: skip

    # Resolved in March (resolved_at range) and a day's bar of the volume chart.
    resolved = next(h for h in links(response, "/queue/") if "resolved_at_from" in h)
    assert queue_rows(client, resolved) == {t["t1"].reference}
    closed = next(h for h in links(response, "/queue/") if "closed_at_from" in h)
    assert parse_qs(urlsplit(closed).query)["status"] == ["closed"]
    assert queue_rows(client, closed) == {t["t1"].reference}
    # The open backlog at the end of March (the period ends in the past, nothing moved since).
    backlog = next(h for h in links(response, "/queue/") if "open_at=2026-03-31" in h)
    assert queue_rows(client, backlog) == {t["t2"].reference, t["t3"].reference,
                                           t["feb"].reference}  # fmt: skip
    day = next(h for h in links(response, "/queue/") if "created_at_from=2026-03-24" in h
               and "created_at_to=2026-03-24" in h)  # fmt: skip
    assert queue_rows(client, day) == {t["t2"].reference, t["t3"].reference}
    # The brique × school cell of Rennes: the service request only.
    rennes_school = f"establishment={desk.other_school.pk}"
    rennes = next(h for h in links(response, "/queue/") if rennes_school in h)
    assert queue_rows(client, rennes) == {t["t2"].reference}


def test_shares_and_a_past_backlog_link_to_exactly_the_tickets_behind_them(client, march):
    desk, _other, t = march
    # Resolved in April: still open at the end of March, and no longer open now.
    services.qualify_ticket(
        desk.moderator, t["t3"], assignee=desk.technician, at=paris(2026, 4, 1, 9)
    )
    services.resolve_ticket(
        desk.technician,
        t["t3"],
        solution="Inscription corrigée.",
        resolution_code=ResolutionCode.FIXED,
        at=paris(2026, 4, 1, 10),
    )
    response = page(client, desk.admin, **MARCH, brique=desk.brique.pk)
    found = links(response, "/queue/all/")

    def only(*parts):
        return next(h for h in found if all(part in h for part in parts))

    backlog = [h for h in found if "open_at=2026-03-31" in h and "created_at" not in h]
    assert backlog and queue_rows(client, backlog[0]) == {
        t["t2"].reference,
        t["t3"].reference,
        t["feb"].reference,
    }
    # The share of tickets owned within target links to those that were (t1, owned in 2 h).
    assert queue_rows(client, only("target_outcome=tto_met", "created_at_from")) == {
        t["t1"].reference
    }
    assert queue_rows(client, only("target_outcome=ttr_met", "resolved_at_from")) == {
        t["t1"].reference
    }
    # The satisfaction average links to the rated tickets closed in March.
    assert queue_rows(client, only("rating=4", "closed_at_from")) == {t["t1"].reference}
    # The per-brique service level bars are links too.
    body = text(response)
    chart = re.search(r'data-testid="chart-service_levels".*?</svg>', body, re.S).group(0)
    assert "target_outcome=tto_met" in unescape(chart)


def test_the_queue_s_report_filters_on_their_own(client, march):
    desk, _other, t = march
    client.force_login(desk.admin)
    base = "/admin/tickets/queue/all/"
    assert queue_rows(client, f"{base}?target_outcome=tto_missed") == set()
    assert t["t1"].reference in queue_rows(client, f"{base}?target_outcome=tto_target")
    assert queue_rows(client, f"{base}?rating=4") == {t["t1"].reference}
    assert queue_rows(client, f"{base}?reopened=true") == set()
    assert t["t1"].reference in queue_rows(client, f"{base}?reopened=false")
    # At the end of 19 February nothing of Moodle's was submitted yet.
    assert queue_rows(client, f"{base}?open_at=2026-02-19&brique={desk.brique.pk}") == set()
    response = client.get(f"{base}?open_at=demain")
    assert response.status_code == 200 and "Saisissez une date valide." in text(response)


def test_a_moderator_s_links_go_to_the_queue_of_their_briques(client, march):
    desk, _other, t = march
    response = page(client, desk.moderator, **MARCH)
    assert not links(response, "/queue/all/")
    march = "created_at_from=2026-03-01&created_at_to=2026-03-31"
    submitted = next(h for h in links(response, "/admin/tickets/queue/briques/") if march in h)
    assert queue_rows(client, submitted) == {t["t1"].reference, t["t2"].reference,
                                             t["t3"].reference}  # fmt: skip


def test_a_brique_owner_outside_the_chains_gets_numbers_without_links(client, march):
    desk, _other, _t = march
    owner = UserFactory(username="owner-moodle", affiliation="staff")
    # Being named owner of a published brique opens the back-office: no other right is given.
    brique = BriquePage.objects.get(pk=desk.brique.pk)
    brique.brique_owner = owner
    brique.save_revision().publish()
    response = page(client, owner, **MARCH)
    assert response.status_code == 200
    assert 'data-testid="key-figures"' in text(response)
    assert not links(response, "/queue/")


def test_a_count_over_several_chosen_briques_has_no_inexact_link(march):
    desk, other, _t = march
    query = ReportQuery(
        period=Period(date(2026, 3, 1), date(2026, 3, 31)),
        user=desk.admin,
        briques=(desk.brique.pk, other.brique.pk),
    )
    dashboard = build_dashboard(query)
    target = LinkTarget.for_dashboard(desk.admin, dashboard)
    total = dashboard.figures_table().rows[0][1]
    assert total.value == 4 and target.url(total.tickets) is None
    per_brique = dashboard.volume_table().rows[8][1]  # 9 March, Moodle
    assert per_brique.value == 1 and target.url(per_brique.tickets)


# --- formats and exports ----------------------------------------------------------------------


def test_values_are_shown_in_french_formats():
    assert format_value(2.0, "hours") == "2,0\u00a0h"
    assert format_value(0.8333, "percent") == "83,3\u00a0%"
    assert format_value(1234, "int") == "1\u202f234" or format_value(1234, "int") in (
        "1 234", "1\u00a0234", "1234"
    )  # fmt: skip
    assert format_value(date(2026, 3, 1), "date") == "1 mars 2026"
    assert format_value(None, "int") == "—"
    assert format_change(0.5, 0.25, "percent") == "+25,0 points"
    assert format_change(3, 5, "int") == "−2"


def test_the_page_shows_hours_percentages_and_french_dates(client, march):
    desk, _other, _t = march
    body = text(page(client, desk.admin, **MARCH, brique=desk.brique.pk))
    assert "Du 1 mars 2026 au 31 mars 2026" in body
    assert "2,0\u00a0h" in body  # time to own, median
    assert "100,0\u00a0%" in body  # time to own within target


def test_every_table_and_the_ticket_list_have_export_links(client, march):
    desk, _other, _t = march
    response = page(client, desk.admin, **MARCH)
    exports = links(response, "/admin/tickets/rapports/export/")
    tables = {parse_qs(urlsplit(h).query)["table"][0] for h in exports}
    assert {"figures", "volume", "backlog_ageing", "brique_school", "tickets"} <= tables
    xlsx = next(h for h in exports if "table=tickets" in h and "format=xlsx" in h)
    assert "start=2026-03-01" in xlsx
    download = client.get(xlsx)
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")


# --- speed ------------------------------------------------------------------------------------


def test_the_query_count_does_not_grow_with_the_tickets(client, django_assert_max_num_queries):
    desk = make_desk("Moodle")
    client.force_login(desk.admin)
    submit(desk, at=paris(2026, 3, 2, 10))
    with django_assert_max_num_queries(60) as few:
        assert client.get(URL, MARCH).status_code == 200
    for day in range(12):
        ticket = submit(desk, at=paris(2026, 3, 3 + day, 10))
        services.qualify_ticket(
            desk.moderator, ticket, assignee=desk.technician, at=paris(2026, 3, 3 + day, 11)
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(URL, MARCH).status_code == 200
