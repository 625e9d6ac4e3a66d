"""A technician turns a resolved ticket into a draft article."""

import pytest

from helpdesk.models import TicketStatus
from helpdesk.policies import ActionNotAllowed
from knowledge.services import draft_article_from_ticket, scrub_personal_data
from tests.helpdesk.factories import make_desk, submit, ticket_in

pytestmark = pytest.mark.django_db


def test_scrub_removes_emails_phones_and_names():
    text = "Camille Martin (camille.martin@insa-lyon.fr, 06 12 34 56 78) ne peut plus se connecter"
    assert scrub_personal_data(text, ["Camille", "Martin"]) == (
        "[nom] [nom] ([adresse e-mail], [numéro de téléphone]) ne peut plus se connecter"
    )


def test_draft_is_prefilled_linked_and_not_live():
    desk = make_desk()
    ticket = submit(
        desk,
        description=f"Bonjour, je suis {desk.requester.last_name}.\nLe dépôt échoue : erreur 413.",
    )
    from helpdesk import services
    from helpdesk.models import ResolutionCode

    services.qualify_ticket(desk.moderator, ticket, assignee=desk.technician)
    services.resolve_ticket(
        desk.technician,
        ticket,
        solution="Compresser le fichier (max 50 Mo).",
        resolution_code=ResolutionCode.WORKAROUND,
    )
    article = draft_article_from_ticket(desk.technician, ticket)
    article.refresh_from_db()
    assert not article.live and article.get_parent().pk == desk.brique.pk
    assert article.source_ticket == ticket
    assert "erreur 413" in article.symptoms and desk.requester.last_name not in article.symptoms
    assert "Compresser le fichier" in str(article.resolution[0].value)
    assert article.latest_revision is not None


def test_only_staff_on_a_resolved_ticket_may_draft():
    desk = make_desk()
    open_ticket = ticket_in(desk, TicketStatus.ASSIGNED)
    with pytest.raises(ActionNotAllowed):
        draft_article_from_ticket(desk.technician, open_ticket)
    resolved = ticket_in(desk, TicketStatus.RESOLVED)
    with pytest.raises(ActionNotAllowed):
        draft_article_from_ticket(desk.requester, resolved)
