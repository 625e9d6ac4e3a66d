"""The admin sidebar is cached per person (portal/templatetags/admin_chrome.py): the cached
copy must follow Wagtail's template, serve the same menu, and change when what decides the
menu changes."""

import re
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


def test_our_furniture_block_is_wagtails_but_for_the_cached_parts():
    """Fails after a Wagtail upgrade that changes the block: copy it again."""
    theirs = _furniture(WAGTAILS.read_text())
    expected = (
        theirs.replace("    {% sidebar_props %}\n", "    {% cached_sidebar %}\n")
        .replace("{% keyboard_shortcuts_dialog %}", "{% cached_shortcuts_dialog %}")
        .replace("{% icon name=", "{% kept_icon name=")
    )
    assert _furniture(OURS.read_text()) == expected


PAGE = (
    '{% extends "wagtailadmin/base.html" %}{% block titletag %}Essai{% endblock %}'
    '{% block extra_css %}<link rel="stylesheet" href="/a.css">{% endblock %}'
    '{% block extra_js %}<script src="/a.js"></script>{% endblock %}'
    "{% block content %}<p>Contenu</p>{% endblock %}"
)


def _request(user, path="/admin/tickets/queue/team/"):
    from django.contrib.messages import constants, storage
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    from portal.access import prime

    request = RequestFactory().get(path, HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64)")
    request.user = prime(type(user).objects.get(pk=user.pk))
    request.session = SessionStore()
    request._messages = storage.default_storage(request)
    request._messages.add(constants.ERROR, "Une erreur & un <détail>.")
    request._messages.add(constants.SUCCESS, "C'est fait.")
    return request


def _wagtails_own_engine():
    """The site's template engine without the project's templates folder: Wagtail's frame."""
    from django.conf import settings
    from django.template.backends.django import DjangoTemplates

    config = {**settings.TEMPLATES[0], "DIRS": [], "NAME": "wagtail-only"}
    config.pop("BACKEND")
    return DjangoTemplates(config)


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("kept", [True, False])
def test_our_frame_writes_the_same_html_as_wagtails(language, kept, settings):
    """The whole page, head, scripts and messages included, twice (the second from what was
    kept), in each language; only the form token differs from one rendering to the next."""
    from django.template import engines
    from django.utils import translation

    if not kept:
        settings.GUICHET_ADMIN_CHROME_SECONDS = 0
    desk = make_desk("Moodle")
    token = re.compile(r'"CSRF_TOKEN": "[^"]+"')
    with translation.override(language):
        theirs = _wagtails_own_engine().from_string(PAGE).render(request=_request(desk.moderator))
        for _ in range(2):
            ours = engines["django"].from_string(PAGE).render(request=_request(desk.moderator))
            assert token.sub("", ours) == token.sub("", theirs)
    assert "Une erreur &amp; un &lt;détail&gt;." in ours and '"CSRF_TOKEN": "' in ours


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
