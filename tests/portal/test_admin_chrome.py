"""The admin sidebar is cached per person (portal/templatetags/admin_chrome.py): the cached
copy must follow Wagtail's template, serve the same menu, and change when what decides the
menu changes."""

from pathlib import Path

import pytest
import wagtail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.models import ChainMember, ChainRole
from tests.helpdesk.factories import make_desk

pytestmark = pytest.mark.django_db

OURS = Path(__file__).resolve().parents[2] / "templates" / "wagtailadmin" / "base.html"
WAGTAILS = Path(wagtail.__file__).parent / "admin" / "templates" / "wagtailadmin" / "base.html"


def _furniture(text: str) -> str:
    return text.split("{% block furniture %}", 1)[1]


def test_our_furniture_block_is_wagtails_but_for_the_cached_sidebar():
    """Fails after a Wagtail upgrade that changes the block: copy it again."""
    theirs = _furniture(WAGTAILS.read_text())
    expected = theirs.replace("    {% sidebar_props %}\n", "    {% cached_sidebar %}\n").replace(
        "    {% keyboard_shortcuts_dialog %}\n", ""
    )
    assert _furniture(OURS.read_text()) == expected


def _sidebar(client) -> str:
    html = client.get("/admin/").content.decode()
    start = html.index('id="wagtail-sidebar-props"')
    return html[start : html.index("</script>", start)]


def test_the_sidebar_is_reused_and_identical(client, settings):
    desk = make_desk("Moodle")
    client.force_login(desk.technician)
    first = _sidebar(client)
    with CaptureQueriesContext(connection) as cached:
        again = _sidebar(client)
    settings.GUICHET_ADMIN_CHROME_SECONDS = 0
    with CaptureQueriesContext(connection) as uncached:
        fresh = _sidebar(client)
    assert first == again == fresh
    assert "/admin/tickets/queue/team/" in first
    # The cached copy spares the menu's own questions to the database.
    assert len(cached.captured_queries) < len(uncached.captured_queries)


def test_a_new_standing_in_the_chain_shows_at_once(client):
    desk = make_desk("Moodle")
    client.force_login(desk.technician)
    assert "/admin/tickets/queue/new/" not in _sidebar(client)
    ChainMember.objects.create(brique=desk.brique, user=desk.technician, role=ChainRole.MODERATOR)
    assert "/admin/tickets/queue/new/" in _sidebar(client)


def test_each_person_and_language_has_their_own_sidebar(client):
    from wagtail.users.models import UserProfile

    desk = make_desk("Moodle")
    client.force_login(desk.moderator)
    moderator = _sidebar(client)
    client.force_login(desk.technician)
    french = _sidebar(client)
    assert french != moderator
    assert "Assigned to me" not in french
    profile = UserProfile.get_for_user(desk.technician)
    profile.preferred_language = "en"
    profile.save()
    assert "Assigned to me" in _sidebar(client)
