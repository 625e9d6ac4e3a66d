"""The Wagtail frame kept whole around the ticket screen and the queues (portal/admin_frame.py):
the same page as a live frame, the title escaped, the messages of an action shown, a token
that works, and a frame per reader."""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from helpdesk import services
from helpdesk.models import TicketStatus
from tests.helpdesk.factories import make_desk, submit, ticket_in

pytestmark = pytest.mark.django_db

FORM_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SCRIPT_TOKEN = re.compile(r'"CSRF_TOKEN": "([^"]+)"')


def without_tokens(html: str) -> str:
    return SCRIPT_TOKEN.sub("", FORM_TOKEN.sub("", html))


@pytest.fixture
def desk():
    cache.clear()
    return make_desk()


def sidebar(html: str) -> str:
    return re.search(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S)[1]


def page(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("screen", ["ticket", "queue"])
def test_a_kept_frame_writes_the_live_page(desk, settings, screen):
    ticket = submit(desk, title="Quiz & notes <bloqués>")
    services.qualify_ticket(desk.moderator, ticket, assignee=desk.technician)
    path = (
        f"/admin/tickets/{ticket.reference}/"
        if screen == "ticket"
        else "/admin/tickets/queue/team/"
    )
    client = Client(headers={"accept-language": "fr"})
    client.force_login(desk.technician)
    settings.GUICHET_ADMIN_CHROME_SECONDS = 0
    live = page(client, path)
    settings.GUICHET_ADMIN_CHROME_SECONDS = 120
    built, kept = page(client, path), page(client, path)
    assert without_tokens(built) == without_tokens(live)
    assert without_tokens(kept) == without_tokens(live)
    assert "guichet-frame-slot" not in kept
    # No form token of the request that built the frame stayed in it: one token per view.
    assert len(set(FORM_TOKEN.findall(kept))) == 1
    if screen == "ticket":
        assert f"<title>{ticket.reference} · Quiz &amp; notes &lt;bloqués&gt; - " in kept


def test_the_script_settings_token_is_the_requests_own(desk):
    """The admin's scripts post with the token of the script settings: a kept frame gives a
    token that Django accepts, different from one view to the next."""
    ticket = ticket_in(desk, TicketStatus.ASSIGNED)
    client = Client(enforce_csrf_checks=True)
    client.force_login(desk.technician)
    path = f"/admin/tickets/{ticket.reference}/"
    page(client, path)
    first = SCRIPT_TOKEN.search(page(client, path))[1]
    second = SCRIPT_TOKEN.search(page(client, path))[1]
    assert first != second
    response = client.post(
        path,
        {"action": "note", "note-version": ticket.version, "note-body": "Vu avec l'éditeur."},
        headers={"x-csrftoken": second},
    )
    assert response.status_code == 302


def test_the_messages_of_an_action_show_once(desk):
    ticket = ticket_in(desk, TicketStatus.ASSIGNED)
    client = Client(headers={"accept-language": "fr"})
    client.force_login(desk.technician)
    path = f"/admin/tickets/{ticket.reference}/"
    page(client, path)  # the frame is kept
    response = client.post(
        path, {"action": "note", "note-version": ticket.version, "note-body": "Vu."}, follow=True
    )
    assert "Effectué\u00a0: " in response.content.decode()
    assert "Effectué\u00a0: " not in page(client, path)


def test_each_reader_and_language_has_their_frame(desk):
    client = Client(headers={"accept-language": "fr"})
    client.force_login(desk.technician)
    assert '<html lang="fr"' in page(client, "/admin/tickets/queue/team/")
    other = Client(headers={"accept-language": "en"})
    other.force_login(desk.technician)
    assert '<html lang="en"' in page(other, "/admin/tickets/queue/team/")
    moderator = Client(headers={"accept-language": "fr"})
    moderator.force_login(desk.moderator)
    # The sidebar's account menu shows the reader (their avatar from their e-mail).
    assert sidebar(page(moderator, "/admin/tickets/queue/team/")) != sidebar(
        page(client, "/admin/tickets/queue/team/")
    )


def test_a_theme_chosen_in_the_profile_shows_on_the_next_page(desk):
    from wagtail.users.models import UserProfile

    client = Client()
    client.force_login(desk.technician)
    assert "w-theme-system" in page(client, "/admin/tickets/queue/team/")
    profile = UserProfile.get_for_user(desk.technician)
    profile.theme = "dark"
    profile.save()
    assert "w-theme-dark" in page(client, "/admin/tickets/queue/team/")


def test_one_kept_frame_serves_every_queue(desk, settings):
    """The frame names no address: kept from one queue, it writes the others as they are."""
    ticket_in(desk, TicketStatus.ASSIGNED)
    client = Client(headers={"accept-language": "fr"})
    client.force_login(desk.technician)
    page(client, "/admin/tickets/queue/team/")  # keeps the frame
    kept = {slug: page(client, f"/admin/tickets/queue/{slug}/") for slug in ("mine", "pending")}
    settings.GUICHET_ADMIN_CHROME_SECONDS = 0
    for slug, html in kept.items():
        assert without_tokens(html) == without_tokens(page(client, f"/admin/tickets/queue/{slug}/"))
