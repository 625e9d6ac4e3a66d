"""`manage.py load_demo` as a whole, on an empty database: running it again changes nothing,
and what editors changed in between is left alone."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from wagtail.models import Revision

from portal.models import BriquePage, User
from tests.portal.test_demo import load_portal_demo

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, int]:
    """Row count of every table, plus the page revisions."""
    counts = {model._meta.label: model.objects.count() for model in apps.get_models()}
    counts["revisions"] = Revision.objects.count()
    return counts


def test_running_the_command_twice_changes_nothing():
    call_command("load_demo", stdout=StringIO())
    first = snapshot()
    passwords = dict(User.objects.values_list("username", "password"))
    call_command("load_demo", stdout=StringIO())
    assert snapshot() == first
    assert dict(User.objects.values_list("username", "password")) == passwords


def test_an_edited_brique_is_left_alone():
    load_portal_demo()
    moodle = BriquePage.objects.get(slug="moodle")
    moodle.summary = "Résumé modifié par un éditeur."
    moodle.save_revision().publish()
    load_portal_demo()
    assert BriquePage.objects.get(slug="moodle").summary == "Résumé modifié par un éditeur."


def test_the_command_lists_its_steps_in_order():
    out = StringIO()
    call_command("load_demo", "--list", stdout=out)
    steps = out.getvalue()
    assert steps.index("site") < steps.index("briques") < steps.index("search index")
