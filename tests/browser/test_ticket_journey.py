"""Journey (d): a ticket's whole life, played in real Chromium by three people at once.

A requester files an incident from the Moodle page with a screenshot; the moderator qualifies it
and assigns it to a technician of the chain; the technician asks the requester a question
(pending); the requester answers; the technician resolves; the requester confirms with a
rating. Each person has their own browser context and signs in through the local sign-in form.

Selectors rely on ids, names, form actions and CSS modifiers, never on visible English or French
words, since the interface language follows the catalogs. axe-core checks every page visited,
the whole document each time: the public pages and the Wagtail admin ticket screen alike (the
admin, Wagtail's furniture included, has no serious or critical finding there, so nothing is
excluded).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from helpdesk.models import (
    PendingReason,
    ResolutionCode,
    Ticket,
    TicketAction,
    TicketKind,
    TicketStatus,
)
from portal.models import Category
from portal.services.roles import ensure_role_groups
from tests.factories import PASSWORD, home_page
from tests.helpdesk.factories import PNG_BYTES, make_desk

from .axe import assert_accessible
from .conftest import DEFAULT_TIMEOUT_MS

A = TicketAction

TITLE = "Dépôt de devoir impossible sur Moodle"
DESCRIPTION = "Le bouton « Déposer » reste grisé sur le cours MATH-101 depuis ce matin."
QUESTION = "Quel navigateur utilisez-vous, et voyez-vous un message d'erreur ?"
ANSWER = "Firefox 128 ; aucun message, le bouton reste simplement grisé."
SOLUTION = "Le devoir était fermé par erreur : la date limite a été corrigée, le dépôt est rouvert."
RATING_COMMENT = "Réponse rapide, merci !"


@pytest.fixture
def desk(transactional_db):
    # The transactional flush removes Wagtail's root page and the role groups: rebuild both
    # before the chain is published, so that its members receive their roles (admin access).
    home_page()
    ensure_role_groups()
    return make_desk("Moodle")


@pytest.fixture
def new_context(_playwright_browser):
    """Opens one browser context per person; all are closed at the end of the test."""
    contexts = []

    def open_page():
        context = _playwright_browser.new_context(
            locale="fr-FR", viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


# Transitions only: Wagtail's sidebar badge also runs a 25-second "ping" keyframe animation.
SETTLED = """() => document.getAnimations().every(
    a => !(a instanceof CSSTransition) || a.playState !== "running")"""


def audit(page) -> None:
    """axe-core on the whole page, once its CSS transitions have ended. Wagtail's flash messages
    fade in over half a second: audited mid-fade, the white text sits on a half-transparent
    green and axe measures a contrast (3.9:1) that the settled banner (above 4.5:1) has not."""
    page.wait_for_function(SETTLED)
    assert_accessible(page)


def _sign_in(page, base_url: str, user, next_path: str) -> None:
    page.goto(f"{base_url}/connexion/?next={next_path}")
    audit(page)
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url(f"{base_url}{next_path}")


def _admin_status(page):
    return page.get_by_test_id("admin-ticket-status")


def _open_action(page, action: str):
    """The action's <details> on the staff ticket screen, opened."""
    details = page.locator(f"details#action-{action}")
    expect(details).to_have_count(1)
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return details


def _submit_admin_action(page, details, expected_status: str) -> None:
    with page.expect_navigation():
        details.locator("button[type=submit]").click()
    expect(page.locator(".messages .success, .messages [class*=success]").first).to_be_visible()
    expect(_admin_status(page)).to_have_attribute("data-status", expected_status)


def _public_badge(page):
    return page.locator(".ticket-status .badge-ticket")


def test_ticket_journey_from_filing_to_confirmed_resolution(live_server, desk, new_context):
    base = live_server.url
    category = Category.objects.get(brique=desk.brique)

    # --- The requester files an incident from the Moodle page, with a screenshot. -------------
    requester = new_context()
    _sign_in(requester, base, desk.requester, "/briques/moodle/")
    audit(requester)
    form_path = f"/demandes/nouvelle/{desk.brique.pk}/"
    requester.locator(f'main a[href="{form_path}"]').click()
    requester.wait_for_url(f"{base}{form_path}")
    audit(requester)

    requester.locator(f'input[name="kind"][value="{TicketKind.INCIDENT}"]').check()
    requester.locator('select[name="category"]').select_option(str(category.pk))
    requester.locator('input[name="title"]').fill(TITLE)
    requester.locator('textarea[name="description"]').fill(DESCRIPTION)
    requester.locator('input[type="file"][name="files"]').set_input_files(
        files=[{"name": "capture-moodle.png", "mimeType": "image/png", "buffer": PNG_BYTES}]
    )
    with requester.expect_navigation():
        requester.locator('main form[enctype="multipart/form-data"] button[type=submit]').click()
    expect(requester).to_have_url(re.compile(r"/demandes/[^/]+/$"))
    reference = requester.locator("h1 .ticket-reference").inner_text().strip()
    assert requester.url == f"{base}/demandes/{reference}/"
    expect(requester.locator(".messages")).to_contain_text(reference)
    expect(_public_badge(requester)).to_have_class(re.compile(r"\bbadge-ticket-new\b"))
    expect(requester.locator(".ticket-description")).to_contain_text(DESCRIPTION)
    attachment_link = requester.locator("ul.attachments a", has_text="capture-moodle.png")
    expect(attachment_link).to_be_visible()
    # The stored file comes back, byte for byte, through the permission-checked view.
    download = requester.context.request.get(base + attachment_link.get_attribute("href"))
    assert download.ok
    assert download.body() == PNG_BYTES
    assert download.headers["x-content-type-options"] == "nosniff"
    assert "attachment" in download.headers["content-disposition"]
    audit(requester)

    ticket_admin_path = f"/admin/tickets/{reference}/"

    # --- The moderator qualifies it and assigns it to the chain's technician. -----------------
    moderator = new_context()
    _sign_in(moderator, base, desk.moderator, ticket_admin_path)
    expect(_admin_status(moderator)).to_have_attribute("data-status", TicketStatus.NEW)
    expect(moderator.locator(".helpdesk-ticket")).to_contain_text(DESCRIPTION)
    expect(moderator.locator(".helpdesk-files a", has_text="capture-moodle.png")).to_be_visible()
    audit(moderator)
    qualify = _open_action(moderator, A.QUALIFY)
    qualify.locator('select[name="qualify-assignee"]').select_option(str(desk.technician.pk))
    _submit_admin_action(moderator, qualify, TicketStatus.ASSIGNED)
    expect(moderator.get_by_test_id("admin-ticket-assignee")).to_contain_text(str(desk.technician))
    audit(moderator)

    # --- The technician asks the requester for information: pending. --------------------------
    technician = new_context()
    _sign_in(technician, base, desk.technician, ticket_admin_path)
    expect(_admin_status(technician)).to_have_attribute("data-status", TicketStatus.ASSIGNED)
    hold = _open_action(technician, A.PUT_ON_HOLD)
    hold.locator('select[name="put_on_hold-reason"]').select_option(PendingReason.REQUESTER)
    hold.locator('textarea[name="put_on_hold-comment"]').fill(QUESTION)
    _submit_admin_action(technician, hold, TicketStatus.PENDING)
    audit(technician)

    # --- The requester sees the question and answers: back in the technician's hands. ---------
    requester.goto(f"{base}/demandes/{reference}/")
    expect(_public_badge(requester)).to_have_class(re.compile(r"\bbadge-ticket-waiting-you\b"))
    expect(requester.locator("ol.thread")).to_contain_text(QUESTION)
    audit(requester)
    reply_form = requester.locator(f'form[action="/demandes/{reference}/repondre/"]')
    reply_form.locator('textarea[name="reply-body"]').fill(ANSWER)
    with requester.expect_navigation():
        reply_form.locator("button[type=submit]").click()
    expect(requester.locator(".messages .message-success")).to_be_visible()
    expect(requester.locator("ol.thread li.from-requester")).to_contain_text(ANSWER)
    expect(_public_badge(requester)).to_have_class(re.compile(r"\bbadge-ticket-progress\b"))
    audit(requester)

    # --- The technician reads the answer and resolves. ----------------------------------------
    technician.reload()
    expect(_admin_status(technician)).to_have_attribute("data-status", TicketStatus.ASSIGNED)
    expect(technician.locator(".helpdesk-message", has_text=ANSWER)).to_be_visible()
    audit(technician)
    resolve = _open_action(technician, A.RESOLVE)
    resolve.locator('textarea[name="resolve-solution"]').fill(SOLUTION)
    resolve.locator('select[name="resolve-resolution_code"]').select_option(ResolutionCode.FIXED)
    _submit_admin_action(technician, resolve, TicketStatus.RESOLVED)
    audit(technician)

    # --- The requester confirms the resolution with a rating. ---------------------------------
    requester.goto(f"{base}/demandes/{reference}/")
    expect(_public_badge(requester)).to_have_class(re.compile(r"\bbadge-ticket-resolved\b"))
    expect(requester.locator("section.solution")).to_contain_text(SOLUTION)
    audit(requester)
    confirm_form = requester.locator(f'form[action="/demandes/{reference}/confirmer/"]')
    confirm_form.locator('input[name="confirm-rating"][value="4"]').check()
    confirm_form.locator('textarea[name="confirm-comment"]').fill(RATING_COMMENT)
    with requester.expect_navigation():
        confirm_form.locator("button[type=submit]").click()
    expect(requester.locator(".messages .message-success")).to_be_visible()
    expect(_public_badge(requester)).to_have_class(re.compile(r"\bbadge-ticket-closed\b"))
    expect(requester.locator("aside.facts")).to_contain_text("4/4")
    expect(requester.locator(f'form[action="/demandes/{reference}/confirmer/"]')).to_have_count(0)
    audit(requester)

    # "Mes demandes" lists it as closed.
    requester.locator('main a[href="/demandes/"]').first.click()
    requester.wait_for_url(f"{base}/demandes/")
    row = requester.locator("table.ticket-table tbody tr").filter(
        has=requester.locator(f'a[href="/demandes/{reference}/"]')
    )
    expect(row).to_have_count(1)
    expect(row.locator(".badge-ticket")).to_have_class(re.compile(r"\bbadge-ticket-closed\b"))
    audit(requester)

    # The moderator, who owns the ticket until closure, sees the rating on the staff screen.
    moderator.reload()
    expect(_admin_status(moderator)).to_have_attribute("data-status", TicketStatus.CLOSED)
    expect(moderator.locator(".helpdesk-details")).to_contain_text("4/4")
    audit(moderator)

    # --- What the database holds. -------------------------------------------------------------
    ticket = Ticket.objects.get(reference=reference)
    assert ticket.status == TicketStatus.CLOSED
    assert ticket.kind == TicketKind.INCIDENT
    assert ticket.category_id == category.pk
    assert (ticket.requester_id, ticket.moderator_id, ticket.assignee_id) == (
        desk.requester.pk,
        desk.moderator.pk,
        desk.technician.pk,
    )
    assert (ticket.satisfaction, ticket.satisfaction_comment) == (4, RATING_COMMENT)
    assert ticket.solution == SOLUTION
    assert ticket.resolution_code == ResolutionCode.FIXED
    assert ticket.resolved_at is not None and ticket.closed_at is not None
    [attachment] = ticket.attachments.all()
    assert (attachment.original_name, attachment.size) == ("capture-moodle.png", len(PNG_BYTES))
    assert attachment.message_id is None and not attachment.internal
    public_thread = list(
        ticket.messages.filter(internal=False)
        .order_by("created_at", "pk")
        .values_list("author_id", "body")
    )
    assert public_thread == [
        (desk.technician.pk, QUESTION),
        (desk.requester.pk, ANSWER),
        (desk.technician.pk, SOLUTION),
    ]

    history = list(ticket.events.order_by("created_at", "pk").values_list("action", "actor_id"))
    assert history == [
        (A.SUBMIT, desk.requester.pk),
        (A.QUALIFY, desk.moderator.pk),
        (A.PUT_ON_HOLD, desk.technician.pk),
        (A.REPLY, desk.requester.pk),
        (A.RESUME, None),
        (A.RESOLVE, desk.technician.pk),
        (A.CONFIRM, desk.requester.pk),
    ]
    statuses = list(ticket.events.order_by("created_at", "pk").values_list("to_status", flat=True))
    assert statuses == [
        TicketStatus.NEW,
        TicketStatus.ASSIGNED,
        TicketStatus.PENDING,
        TicketStatus.ASSIGNED,
        TicketStatus.ASSIGNED,
        TicketStatus.RESOLVED,
        TicketStatus.CLOSED,
    ]
