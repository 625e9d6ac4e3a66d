"""The staff screens write some form controls in Python (helpdesk/admin_views/html.py): the
same HTML as Django's widget templates, checked here control by control."""

import pytest
from django.test.html import parse_html

from helpdesk.admin_forms import BulkActionForm
from helpdesk.admin_views import html
from portal.models import User

pytestmark = pytest.mark.django_db

BULK = ("reason", "comment", "resolution_code", "solution")


@pytest.mark.parametrize(
    "data",
    [None, {"action": "hold", "reason": "provider", "comment": 'Attendre "Kelvox" & <co>'}],
)
@pytest.mark.parametrize("name", BULK)
def test_bulk_controls_are_djangos(name, data):
    form = BulkActionForm(data, auto_id="bulk-%s", people=User.objects.none())
    if data:
        form.is_valid()
    assert parse_html(html.control(form[name])) == parse_html(str(form[name]))


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_kept_empty_filter_form_is_the_one_a_page_without_filters_shows(language):
    from django.utils import translation

    from helpdesk.admin_views.queues import _empty_filter_fields, _filter_fields
    from helpdesk.filters import TicketFilterSet
    from helpdesk.models import Ticket
    from tests.helpdesk.factories import make_desk

    make_desk("Moodle")
    choices = {"brique": [(1, "Moodle")], "establishment": [(2, "INSA Lyon")], "category": []}
    with translation.override(language):
        kept = _empty_filter_fields(choices)
        again = _empty_filter_fields(choices)
        for data in (None, {"p": "2", "ordering": "title", "q": "mot"}):
            form = TicketFilterSet(data, queryset=Ticket.objects.none(), choices=choices).form
            assert [str(field) for field in kept] == [str(f) for f in _filter_fields(form)]
    assert again is kept
