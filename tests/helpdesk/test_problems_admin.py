"""The staff problem screens: list (filters, pagination, bounded queries), creation from the
ticket screen, the problem screen and its actions, 404 for people outside the brique, and the
known-error article drafted from a problem."""

import pytest
from django.test import Client

from helpdesk.models import Problem, ProblemStatus, TicketStatus
from helpdesk.services import problems as problem_services
from knowledge.models import ArticlePage
from tests.helpdesk.factories import make_desk, submit, ticket_in

pytestmark = pytest.mark.django_db

S = TicketStatus


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def desk():
    return make_desk()


def make_problem(desk, n=1, **fields):
    incidents = [ticket_in(desk, S.ASSIGNED) for _ in range(n)]
    fields.setdefault("title", "Dépôt de devoirs en erreur")
    return problem_services.create_problem(desk.moderator, incidents=incidents, **fields)


def test_create_from_the_ticket_screen(client, desk):
    ticket = ticket_in(desk, S.ASSIGNED)
    client.force_login(desk.technician)
    page = client.get(f"/admin/tickets/{ticket.reference}/")
    assert b"Create a problem from this incident" in page.content
    response = client.post(
        "/admin/tickets/problemes/nouveau/",
        {"incidents": ticket.reference, "title": "Dépôt en erreur", "description": ""},
    )
    problem = Problem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/tickets/problemes/{problem.reference}/"
    ticket.refresh_from_db()
    assert ticket.problem == problem
    # The ticket screen now shows the problem and its workaround.
    problem_services.record_analysis(desk.moderator, problem, workaround="Passer par le VPN.")
    page = client.get(f"/admin/tickets/{ticket.reference}/")
    assert problem.reference.encode() in page.content
    assert "Passer par le VPN." in page.content.decode()


def test_create_with_bad_input_says_why(client, desk):
    client.force_login(desk.moderator)
    response = client.post(
        "/admin/tickets/problemes/nouveau/", {"incidents": "R-999999", "title": "Panne"}
    )
    assert response.status_code == 400
    assert b"Unknown incidents: R-999999" in response.content
    response = client.post("/admin/tickets/problemes/nouveau/", {"incidents": "", "title": ""})
    assert response.status_code == 400
    assert not Problem.objects.exists()


def test_problem_screen_and_actions(client, desk):
    problem = make_problem(desk, n=2)
    client.force_login(desk.moderator)
    url = f"/admin/tickets/problemes/{problem.reference}/"
    page = client.get(url)
    assert page.status_code == 200
    for incident in problem.incidents.all():
        assert incident.reference.encode() in page.content
    response = client.post(
        url,
        {
            "action": "analyse",
            "analyse-version": problem.version,
            "analyse-root_cause": "Certificat expiré.",
            "analyse-workaround": "Passer par le VPN.",
        },
    )
    assert response.status_code == 302
    problem.refresh_from_db()
    assert problem.workaround == "Passer par le VPN."
    # A stale form is refused with a message, nothing overwritten.
    response = client.post(
        url,
        {
            "action": "analyse",
            "analyse-version": problem.version - 1,
            "analyse-root_cause": "Autre chose.",
        },
        follow=True,
    )
    assert b"changed by someone else" in response.content
    problem.refresh_from_db()
    assert problem.root_cause == "Certificat expiré."
    # Resolution without a solution: a form error, not a 500.
    response = client.post(
        url, {"action": "resolve", "resolve-version": problem.version, "resolve-solution": ""}
    )
    assert response.status_code == 400
    response = client.post(
        url,
        {
            "action": "resolve",
            "resolve-version": problem.version,
            "resolve-resolution_code": "fixed",
            "resolve-solution": "Certificat renouvelé.",
        },
    )
    assert response.status_code == 302
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RESOLVED
    assert set(problem.incidents.values_list("status", flat=True)) == {S.RESOLVED}


def test_link_search_lists_open_incidents_of_the_brique_and_links_them(client, desk):
    problem = make_problem(desk)
    wanted = submit(desk, title="Bouton Déposer grisé")
    submit(desk, title="Autre souci")
    other = make_desk("Scenari")
    foreign = ticket_in(other, S.ASSIGNED)
    client.force_login(desk.technician)
    url = f"/admin/tickets/problemes/{problem.reference}/"
    page = client.get(url, {"lq": "grisé"})
    assert wanted.reference.encode() in page.content
    assert b"Autre souci" not in page.content
    assert foreign.reference.encode() not in page.content
    client.post(url, {"action": "link", "version": problem.version, "incident": [wanted.pk]})
    wanted.refresh_from_db()
    assert wanted.problem_id == problem.pk
    # Someone else's ticket posted by hand is refused.
    problem.refresh_from_db()
    client.post(url, {"action": "link", "version": problem.version, "incident": [foreign.pk]})
    foreign.refresh_from_db()
    assert foreign.problem_id is None


def test_technician_of_another_brique_gets_404(client, desk):
    problem = make_problem(desk)
    other = make_desk("Scenari")
    foreign = ticket_in(other, S.ASSIGNED)
    client.force_login(other.technician)
    url = f"/admin/tickets/problemes/{problem.reference}/"
    assert client.get(url).status_code == 404
    response = client.post(
        url, {"action": "link", "version": problem.version, "incident": [foreign.pk]}
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.problem_id is None
    # The list does not show it either, and a requester gets no list at all.
    assert problem.reference.encode() not in client.get("/admin/tickets/problemes/").content
    client.force_login(desk.requester)
    assert client.get("/admin/tickets/problemes/").status_code in (302, 404)


def test_list_filters_and_paginates_with_bounded_queries(
    client, desk, django_assert_max_num_queries
):
    incidents = [ticket_in(desk, S.NEW) for _ in range(3)]
    for i, incident in enumerate(incidents):
        problem_services.create_problem(desk.moderator, incidents=[incident], title=f"Panne {i}")
    client.force_login(desk.technician)
    client.get("/admin/tickets/problemes/")  # warm the per-person caches (sidebar)
    with django_assert_max_num_queries(20) as few:
        client.get("/admin/tickets/problemes/")
    incidents = [ticket_in(desk, S.NEW) for _ in range(30)]
    for i, incident in enumerate(incidents):
        problem_services.create_problem(desk.moderator, incidents=[incident], title=f"Coupure {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/admin/tickets/problemes/")
    assert page.context["page"].paginator.count == 33
    assert len(page.context["page"].object_list) == 25
    assert client.get("/admin/tickets/problemes/", {"p": 2}).context["page"].number == 2
    filtered = client.get("/admin/tickets/problemes/", {"q": "Coupure 1"}).context["page"]
    assert {p.title for p in filtered.object_list} == {
        "Coupure 1",
        *(f"Coupure 1{i}" for i in range(10)),
    }
    assert (
        client.get("/admin/tickets/problemes/", {"status": "closed"})
        .context["page"]
        .paginator.count
        == 0
    )
    bad = client.get("/admin/tickets/problemes/", {"status": "n'importe quoi"})
    assert bad.status_code == 200 and bad.context["page"].paginator.count == 33


def test_known_error_article_is_drafted_from_the_problem(client, desk):
    problem = make_problem(desk)
    client.force_login(desk.technician)
    url = f"/admin/tickets/problemes/{problem.reference}/"
    response = client.post(url, {"action": "known_error"}, follow=True)
    assert b"Record the root cause or the workaround" in response.content
    assert not ArticlePage.objects.exists()
    problem_services.record_analysis(
        desk.moderator,
        problem,
        root_cause=f"Certificat expiré, signalé par {desk.requester.last_name} (0612345678).",
        workaround="Écrire à support@example.org ou passer par le VPN.",
    )
    response = client.post(url, {"action": "known_error"})
    article = ArticlePage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{article.pk}/edit/"
    assert not article.live
    assert article.get_parent().pk == desk.brique.pk
    assert "Certificat expiré" in article.cause
    assert "0612345678" not in article.cause and desk.requester.last_name not in article.cause
    text = str(article.resolution)
    assert "passer par le VPN" in text and "support@example.org" not in text
    problem.refresh_from_db()
    assert problem.known_error_article == article
    assert problem.events.filter(action="known_error").exists()
