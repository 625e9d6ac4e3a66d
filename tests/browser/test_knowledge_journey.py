"""Knowledge base in real Chromium.

(a) A technician publishes an article from a resolved ticket ("Publier dans la base de
connaissances"), submits the draft to the brique's approval workflow, the moderator approves it
in the Wagtail editor, and the requester then finds it in the suggestions and on the search
page. (b) A student finds a staff-only article neither by search nor by its address (404),
while a member of staff does.

axe-core checks every page of ours visited (public pages, the staff ticket screen with its
similar tickets and knowledge sections, the 404 page). Wagtail's own page editor is not
audited: it is Wagtail's interface, audited by the Wagtail project (as in
test_editor_status.py).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from helpdesk import services
from helpdesk.models import ResolutionCode
from knowledge.models import ArticlePage, Audience
from portal.services.roles import ensure_role_groups
from tests.factories import PASSWORD, UserFactory, home_page
from tests.helpdesk.factories import make_desk, submit
from tests.knowledge.factories import make_article

from .axe import assert_accessible
from .conftest import DEFAULT_TIMEOUT_MS

TITLE = "Quota de dépôt dépassé sur Moodle"
DESCRIPTION = "Je suis {name}. Le dépôt de mon rapport échoue : « quota de fichiers dépassé »."
SOLUTION = "Supprimer les anciennes versions du brouillon libère le quota ; le dépôt passe ensuite."

SETTLED = """() => document.getAnimations().every(
    a => !(a instanceof CSSTransition) || a.playState !== "running")"""


def audit(page) -> None:
    page.wait_for_function(SETTLED)
    assert_accessible(page)


@pytest.fixture
def desk(transactional_db):
    home_page()
    ensure_role_groups()
    return make_desk("Moodle")


@pytest.fixture
def new_context(_playwright_browser):
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


def _sign_in(page, base_url: str, user, next_path: str) -> None:
    page.goto(f"{base_url}/connexion/?next={next_path}")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url(f"{base_url}{next_path}")


def _suggestions(page, base_url: str, text: str, brique_id: int) -> list[dict]:
    response = page.context.request.get(
        f"{base_url}/recherche/suggestions/", params={"q": text, "brique": str(brique_id)}
    )
    assert response.ok
    return response.json()["results"]


def test_article_from_a_resolved_ticket_is_approved_then_suggested(live_server, desk, new_context):
    base = live_server.url
    ticket = submit(
        desk, title=TITLE, description=DESCRIPTION.format(name=desk.requester.last_name)
    )
    services.qualify_ticket(desk.moderator, ticket, assignee=desk.technician)
    services.resolve_ticket(
        desk.technician, ticket, solution=SOLUTION, resolution_code=ResolutionCode.FIXED
    )

    # Before: the requester gets no suggestion for it.
    requester = new_context()
    _sign_in(requester, base, desk.requester, "/recherche/")
    assert _suggestions(requester, base, "quota dépôt", desk.brique.pk) == []

    # --- The technician drafts the article from the ticket and submits it for approval. -------
    technician = new_context()
    ticket_path = f"/admin/tickets/{ticket.reference}/"
    _sign_in(technician, base, desk.technician, ticket_path)
    expect(technician.get_by_test_id("similar-tickets")).to_be_visible()
    audit(technician)
    with technician.expect_navigation():
        technician.locator(
            f'form[action="/admin/fiches/depuis-ticket/{ticket.reference}/"] button'
        ).click()
    expect(technician).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    article_id = int(re.search(r"/pages/(\d+)/edit/", technician.url).group(1))
    expect(technician.locator("#id_title")).to_have_value(TITLE)
    technician.locator("footer [data-w-dropdown-target='toggle']").first.click()
    with technician.expect_navigation():
        technician.locator("button[name='action-submit']").click()
    article = ArticlePage.objects.get(pk=article_id)
    assert not article.live
    assert article.source_ticket_id == ticket.pk
    assert desk.requester.last_name not in article.symptoms
    assert article.current_workflow_state is not None
    assert _suggestions(requester, base, "quota dépôt", desk.brique.pk) == []

    # --- The moderator approves it in the editor: published. ----------------------------------
    moderator = new_context()
    edit_path = f"/admin/pages/{article_id}/edit/"
    _sign_in(moderator, base, desk.moderator, edit_path)
    approve = moderator.locator(
        "button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])"
    )
    if not approve.is_visible():
        moderator.locator("footer [data-w-dropdown-target='toggle']").first.click()
    with moderator.expect_navigation():
        approve.click()
    article.refresh_from_db()
    assert article.live

    # --- The requester now gets it as a suggestion and on the search page, and can open it. ---
    results = _suggestions(requester, base, "quota de dépôt", desk.brique.pk)
    assert results and results[0]["id"] == article_id
    requester.goto(f"{base}/recherche/?q=quota+d%C3%A9p%C3%B4t")
    link = requester.locator(f'main a[href="{article.url}"]')
    expect(link).to_be_visible()
    audit(requester)
    with requester.expect_navigation():
        link.click()
    expect(requester.locator("h1")).to_have_text(TITLE)
    expect(requester.locator("main")).to_contain_text("libère le quota")
    audit(requester)


def test_a_student_finds_a_staff_only_article_neither_by_search_nor_by_address(
    live_server, desk, new_context, django_capture_on_commit_callbacks
):
    base = live_server.url
    with django_capture_on_commit_callbacks(execute=True):
        staff_only = make_article(
            desk.brique,
            "Restaurer la sauvegarde d'un cours archivé",
            slug="restaurer-cours-archive",
            audience=Audience.STAFF,
            summary="Procédure réservée aux personnels.",
        )
        make_article(
            desk.brique,
            "Retrouver un cours archivé",
            slug="retrouver-cours-archive",
            summary="Les cours des années passées restent consultables.",
        )
    student = UserFactory(username="etudiante-test", affiliation="student")
    staff = UserFactory(username="personnel-test", affiliation="staff")

    page = new_context()
    _sign_in(page, base, student, "/recherche/")
    page.goto(f"{base}/recherche/?q=cours+archiv%C3%A9")
    expect(page.locator('main a[href="/briques/moodle/retrouver-cours-archive/"]')).to_be_visible()
    expect(page.locator(f'main a[href="{staff_only.url}"]')).to_have_count(0)
    audit(page)
    assert staff_only.pk not in {
        r["id"] for r in _suggestions(page, base, "restaurer la sauvegarde", desk.brique.pk)
    }
    response = page.goto(f"{base}{staff_only.url}")
    assert response.status == 404
    expect(page.locator("main")).not_to_contain_text("Procédure réservée")
    audit(page)

    # The same search by a member of staff does find it: the filter is the audience.
    colleague = new_context()
    _sign_in(colleague, base, staff, "/recherche/")
    colleague.goto(f"{base}/recherche/?q=cours+archiv%C3%A9")
    expect(colleague.locator(f'main a[href="{staff_only.url}"]')).to_be_visible()
    assert colleague.goto(f"{base}{staff_only.url}").status == 200
