"""Functional admins configure business calendars; briques choose one; targets must be
positive. Checked through the real admin screens, in French where the message matters."""

import html
from datetime import date, time
from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from portal.models import BusinessCalendar, ClosurePeriod, OpeningHours, SlaTarget
from portal.models.calendars import calendar_for_brique, default_calendar
from portal.roles import Role
from portal.services.roles import ensure_role_groups, grant_role
from tests.factories import UserFactory, make_brique
from tests.portal.test_admin import brique_form

pytestmark = pytest.mark.django_db

FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr"}
ADD_URL = "/admin/snippets/portal/businesscalendar/add/"


@pytest.fixture
def editor(client):
    ensure_role_groups()
    person = UserFactory()
    grant_role(person, Role.FUNCTIONAL_ADMIN)
    client.force_login(person)
    return client


def calendar_form(hours, closures=(), **fields) -> dict:
    data = {
        "name": "Horaires d'été",
        "timezone": "Europe/Paris",
        "public_holidays": "FR-57",
        "opening_hours": inline_formset(
            [{"weekday": d, "opens": o, "closes": c} for d, o, c in hours]
        ),
        "closures": inline_formset(
            [{"label": label, "start": s, "end": e} for label, s, e in closures]
        ),
    }
    data.update(fields)
    return nested_form_data(data)


def errors_of(response) -> str:
    return html.unescape(response.content.decode())


def test_the_default_calendar_comes_from_the_migration():
    # A reused test database may have been flushed by a transactional test, which removes
    # what data migrations created: run the migration's function again then (idempotent).
    if BusinessCalendar.default() is None:
        migration = import_module("portal.migrations.0005_default_business_calendar")
        migration.create_default(django_apps, None)
        migration.create_default(django_apps, None)
    stored = BusinessCalendar.default()
    assert stored.name == "Calendrier standard"
    assert stored.timezone == "Europe/Paris"
    assert sorted(stored.opening_hours.values_list("weekday", "opens", "closes")) == [
        (day, time(8), time(18)) for day in range(5)
    ]


def test_without_a_stored_default_the_brief_default_applies():
    BusinessCalendar.objects.all().delete()
    calendar = default_calendar()
    assert calendar.timezone == "Europe/Paris"
    assert set(calendar.weekly_hours) == {0, 1, 2, 3, 4}
    assert date(2026, 7, 14) in calendar.holidays


def test_the_calendar_is_in_the_configuration_menu(editor):
    home = editor.get("/admin/", **FRENCH).content.decode()
    # The sidebar is a JSON document: non-ASCII letters are escaped there.
    assert '"label": "Calendriers ouvr\\u00e9s"' in home
    assert editor.get("/admin/snippets/portal/businesscalendar/").status_code == 200


def test_editor_creates_a_calendar_and_a_brique_uses_it(editor):
    response = editor.post(
        ADD_URL,
        calendar_form(
            [(0, "09:00", "12:00"), (0, "14:00", "17:00"), (2, "09:00", "00:00")],
            [("Fermeture estivale", "2026-08-01", "2026-08-20")],
        ),
    )
    assert response.status_code == 302, errors_of(response)
    stored = BusinessCalendar.objects.get(name="Horaires d'été")
    assert stored.opening_hours.count() == 3
    value = stored.as_calendar()
    assert value.weekly_hours[0] == ((time(9), time(12)), (time(14), time(17)))
    assert date(2026, 8, 10) in value.closed_dates
    assert date(2026, 12, 26) in value.holidays  # St Stephen's Day in Moselle

    brique = make_brique("Moodle")
    data = brique_form(
        brique,
        business_calendar=stored.pk,
        auto_close_days=brique.auto_close_days,
        **{"action-publish": "1"},
    )
    response = editor.post(f"/admin/pages/{brique.pk}/edit/", data)
    assert response.status_code == 302
    assert calendar_for_brique(brique.pk).closed_dates == value.closed_dates
    assert calendar_for_brique(make_brique("Scenari").pk).closed_dates == frozenset()


def test_a_calendar_without_opening_hours_is_refused(editor):
    response = editor.post(ADD_URL, calendar_form([]), **FRENCH)
    assert response.status_code == 200
    assert "Indiquez au moins une plage d'ouverture" in errors_of(response)
    assert not BusinessCalendar.objects.filter(name="Horaires d'été").exists()


def test_overlapping_intervals_are_refused(editor):
    response = editor.post(
        ADD_URL, calendar_form([(1, "08:00", "12:00"), (1, "11:00", "18:00")]), **FRENCH
    )
    assert response.status_code == 200
    assert "Les plages d'ouverture du mardi se chevauchent" in errors_of(response)


def test_closing_before_opening_is_refused(editor):
    response = editor.post(ADD_URL, calendar_form([(1, "18:00", "08:00")]), **FRENCH)
    assert response.status_code == 200
    assert "L'heure de fermeture doit suivre l'heure d'ouverture" in errors_of(response)


def test_overlapping_closures_are_refused(editor):
    response = editor.post(
        ADD_URL,
        calendar_form(
            [(0, "08:00", "18:00")],
            [("Noël", "2026-12-21", "2026-12-31"), ("Pont", "2026-12-31", "")],
        ),
        **FRENCH,
    )
    assert response.status_code == 200
    assert "Deux fermetures se chevauchent (à partir du 31/12/2026)" in errors_of(response)


def test_an_unknown_time_zone_is_refused(editor):
    response = editor.post(
        ADD_URL, calendar_form([(0, "08:00", "18:00")], timezone="Europe/Lutece"), **FRENCH
    )
    assert response.status_code == 200
    assert "Fuseau horaire inconnu" in errors_of(response)


def test_one_default_calendar_only():
    BusinessCalendar.objects.filter(is_default=True).delete()
    BusinessCalendar.objects.create(name="A", is_default=True)
    second = BusinessCalendar(name="B", is_default=True)
    with pytest.raises(ValidationError):
        second.full_clean()


def test_closure_days():
    closure = ClosurePeriod(start=date(2026, 12, 24), end=date(2026, 12, 26))
    assert closure.days() == [date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 26)]
    assert ClosurePeriod(start=date(2026, 5, 15)).days() == [date(2026, 5, 15)]
    with pytest.raises(ValidationError):
        ClosurePeriod(start=date(2026, 5, 15), end=date(2026, 5, 1)).clean()
    assert OpeningHours(weekday=0, opens=time(20), closes=time(0)).minutes == (1200, 1440)


@pytest.mark.parametrize("value", ["0", "-1"])
def test_targets_of_zero_or_less_are_refused_in_the_brique_editor(editor, value):
    brique = make_brique("Moodle")
    targets = [{"priority": 1, "time_to_own_hours": value, "time_to_resolve_hours": "8"}]
    data = brique_form(
        brique, sla_targets=inline_formset(targets), **{"action-publish": "action-publish"}
    )
    response = editor.post(f"/admin/pages/{brique.pk}/edit/", data, **FRENCH)
    assert response.status_code == 200
    assert "Indiquez une durée supérieure à zéro" in errors_of(response)
    assert not SlaTarget.objects.filter(brique=brique).exists()


def test_the_database_refuses_a_zero_target_too():
    from django.db import IntegrityError, transaction

    brique = make_brique("Moodle")
    with pytest.raises(IntegrityError), transaction.atomic():
        SlaTarget.objects.create(
            brique=brique, priority=1, time_to_own_hours=Decimal(0), time_to_resolve_hours=1
        )


def test_reading_a_brique_calendar_costs_three_queries(django_assert_num_queries):
    stored = BusinessCalendar.objects.create(name="Atelier")
    OpeningHours.objects.create(calendar=stored, weekday=0, opens=time(9), closes=time(17))
    ClosurePeriod.objects.create(calendar=stored, start=date(2026, 8, 3))
    brique = make_brique("Moodle", business_calendar=stored)
    # The calendar, its opening hours and its closures (the brique's choice is known).
    with django_assert_num_queries(3):
        value = calendar_for_brique(brique.pk, stored.pk)
    assert value.weekly_hours == {0: ((time(9), time(17)),)}
    assert value.closed_dates == frozenset({date(2026, 8, 3)})
