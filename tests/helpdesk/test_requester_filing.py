"""Filing a ticket from a brique's page and from "Demander de l'aide"."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from helpdesk.models import Ticket, TicketKind, TicketStatus
from portal.models import Category
from tests.factories import make_brique
from tests.helpdesk.factories import make_desk, pdf_file, png_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


def form_data(**overrides):
    data = {
        "kind": TicketKind.INCIDENT,
        "title": "Impossible de déposer un devoir",
        "description": "Le bouton « Déposer » reste grisé depuis ce matin.",
        "impact": "3",
        "urgency": "2",
        "watchers": "",
    }
    data.update(overrides)
    return data


def new_url(brique):
    return reverse("helpdesk:new_ticket", kwargs={"brique_id": brique.pk})


def test_brique_page_links_to_its_form(client):
    desk = make_desk()
    response = client.get(desk.brique.url)
    assert new_url(desk.brique) in response.content.decode()


def test_home_and_nav_link_to_help(client):
    desk = make_desk()
    home = desk.brique.get_parent().get_parent()
    content = client.get(home.url).content.decode()
    assert content.count(reverse("helpdesk:help")) >= 2


def test_sign_in_required_with_next(client):
    desk = make_desk()
    response = client.get(new_url(desk.brique))
    assert response.status_code == 302
    assert reverse("portal:login") in response["Location"]
    assert "next=" in response["Location"]


def test_help_page_chooses_the_brique_then_the_form(client):
    desk = make_desk()
    other = make_brique("Scenari")
    client.force_login(desk.requester)
    page = client.get(reverse("helpdesk:help"))
    assert page.status_code == 200
    assert "Scenari" in page.content.decode() and "Moodle" in page.content.decode()
    chosen = client.get(reverse("helpdesk:help"), {"brique": other.pk})
    assert chosen.status_code == 302 and chosen["Location"] == new_url(other)
    refused = client.get(reverse("helpdesk:help"), {"brique": "999999"})
    assert refused.status_code == 200 and refused.context["form"].errors


def test_form_lists_only_the_briques_categories(client):
    desk = make_desk()
    other = make_brique("Scenari")
    Category.objects.create(brique=other, name="Édition de chaînes")
    client.force_login(desk.requester)
    content = client.get(new_url(desk.brique)).content.decode()
    assert "Accès et connexion" in content
    assert "Édition de chaînes" not in content


def test_filing_from_the_brique_page(client):
    desk = make_desk()
    category = desk.brique.categories.get()
    client.force_login(desk.requester)
    response = client.post(
        new_url(desk.brique),
        form_data(category=category.pk, watchers="Collegue@insa-lyon.fr,\nautre@insa-lyon.fr"),
        follow=True,
    )
    ticket = Ticket.objects.get()
    assert response.redirect_chain[-1][0] == reverse("helpdesk:ticket", args=[ticket.reference])
    assert ticket.brique_id == desk.brique.pk and ticket.category == category
    assert ticket.requester == desk.requester and ticket.status == TicketStatus.NEW
    assert ticket.priority == 3
    assert sorted(ticket.watchers.values_list("email", flat=True)) == [
        "autre@insa-lyon.fr",
        "collegue@insa-lyon.fr",
    ]
    messages = [str(m) for m in response.context["messages"]]
    assert any(ticket.reference in m for m in messages)


def test_filing_with_files(client):
    desk = make_desk()
    client.force_login(desk.requester)
    client.post(new_url(desk.brique), {**form_data(), "files": [png_file(), pdf_file()]})
    ticket = Ticket.objects.get()
    assert sorted(ticket.attachments.values_list("content_type", flat=True)) == [
        "application/pdf",
        "image/png",
    ]


def test_errors_name_the_fields_and_keep_what_was_typed(client):
    desk = make_desk()
    client.force_login(desk.requester)
    response = client.post(
        new_url(desk.brique), form_data(title="", kind="", watchers="pas-une-adresse, ok@x.fr")
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"title", "kind", "watchers"}
    assert "pas-une-adresse" in form.errors["watchers"][0]
    content = response.content.decode()
    assert "Le bouton « Déposer » reste grisé" in content  # the description is kept
    assert 'id="error-summary"' in content and 'aria-invalid="true"' in content
    assert 'aria-describedby="id_title_helptext id_title_error"' in content
    assert not Ticket.objects.exists()


def test_an_executable_renamed_pdf_is_refused_with_the_rest_kept(client):
    desk = make_desk()
    client.force_login(desk.requester)
    exe = SimpleUploadedFile(
        "facture.pdf", b"MZ\x90\x00\x03" + b"\x00" * 400, content_type="application/pdf"
    )
    response = client.post(new_url(desk.brique), {**form_data(), "files": [exe]})
    assert response.status_code == 200
    assert "facture.pdf" in response.context["form"].errors["files"][0]
    assert response.context["files_dropped"]
    assert "Impossible de déposer un devoir" in response.content.decode()
    assert not Ticket.objects.exists()


def test_a_too_large_file_is_refused(client, settings):
    settings.GUICHET_ATTACHMENT_MAX_BYTES = 100
    desk = make_desk()
    client.force_login(desk.requester)
    response = client.post(new_url(desk.brique), {**form_data(), "files": [pdf_file(size=500)]})
    assert "files" in response.context["form"].errors
    assert not Ticket.objects.exists()


def test_too_many_files_are_refused(client, settings):
    settings.GUICHET_ATTACHMENT_MAX_FILES = 1
    desk = make_desk()
    client.force_login(desk.requester)
    response = client.post(new_url(desk.brique), {**form_data(), "files": [png_file(), png_file()]})
    assert "files" in response.context["form"].errors


def test_an_unpublished_brique_has_no_form(client):
    desk = make_desk()
    draft = make_brique("Bot groupe", publish=False, live=False)
    client.force_login(desk.requester)
    assert client.get(new_url(draft)).status_code == 404


def test_french_is_the_default_language(client):
    desk = make_desk()
    client.force_login(desk.requester)
    response = client.get(new_url(desk.brique))
    assert '<html lang="fr">' in response.content.decode()
