"""The Wagtail admin as editors and technical admins use it: the brique editor, the
"Configuration" menu (schools, providers) and the users admin with school and public."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from portal.models import Affiliation, BriquePage, BriqueStatus, Establishment, Provider, User
from portal.roles import Role
from portal.services.roles import ensure_role_groups, grant_role
from tests.factories import EstablishmentFactory, ProviderFactory, UserFactory, make_brique

pytestmark = pytest.mark.django_db

# The admin follows the browser's language; English keeps assertions on msgids.
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def signed_in(client, role):
    ensure_role_groups()
    person = UserFactory(affiliation=Affiliation.STAFF)
    grant_role(person, role)
    client.force_login(person)
    return client


@pytest.fixture
def editor(client):
    return signed_in(client, Role.FUNCTIONAL_ADMIN)


@pytest.fixture
def technical_admin(client):
    return signed_in(client, Role.TECHNICAL_ADMIN)


def brique_form(page: BriquePage, **changes) -> dict:
    """The brique editor's form as the browser posts it, with `changes` applied."""
    fields = {
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "description": rich_text(page.description or "<p>Description.</p>"),
        "service_url": page.service_url,
        "for_staff": "on",
        "for_faculty": "on",
        "for_students": "on",
        "status": page.status,
        "status_message": page.status_message,
        "status_start": "",
        "status_end": "",
        "brique_owner": "",
        "owner_team": page.owner_team,
        "contact_email": page.contact_email,
        "business_calendar": "",
        "auto_close_days": page.auto_close_days,
        "chain": inline_formset([]),
        "providers": inline_formset([]),
        "categories": inline_formset([]),
        "sla_targets": inline_formset([]),
        "seo_title": "",
        "search_description": "",
    }
    fields.update(changes)
    return nested_form_data(fields)


def test_brique_editor_shows_every_tab(editor):
    brique = make_brique("Moodle")
    response = editor.get(f"/admin/pages/{brique.pk}/edit/", **ENGLISH)
    assert response.status_code == 200
    html = response.content.decode()
    for tab in ("Content", "Status", "Responsibility chain", "Tickets and service levels"):
        assert tab in html
    for inline in ("Moderators and technicians", "External providers", "Ticket categories"):
        assert inline in html


def test_editor_publishes_a_status_change(editor, client):
    brique = make_brique("Moodle")
    data = brique_form(
        brique,
        status=BriqueStatus.OUTAGE,
        status_message="Connexion impossible depuis 8 h.",
        categories=inline_formset([{"name": "Accès et connexion", "description": ""}]),
        **{"action-publish": "action-publish"},
    )
    response = editor.post(f"/admin/pages/{brique.pk}/edit/", data, **ENGLISH)
    assert response.status_code == 302, response.context["form"].errors
    brique.refresh_from_db()
    assert brique.status == BriqueStatus.OUTAGE
    assert list(brique.categories.values_list("name", flat=True)) == ["Accès et connexion"]
    public = client.get(brique.url, **ENGLISH)
    assert "Connexion impossible depuis 8 h." in public.content.decode()


def test_editor_is_told_what_to_fix_when_the_status_has_no_message(editor):
    brique = make_brique("Moodle")
    data = brique_form(brique, status=BriqueStatus.DEGRADED, **{"action-publish": "1"})
    response = editor.post(f"/admin/pages/{brique.pk}/edit/", data, **ENGLISH)
    assert response.status_code == 200
    assert "Explain the situation to users" in response.content.decode()
    brique.refresh_from_db()
    assert brique.status == BriqueStatus.OPERATIONAL


def test_configuration_menu_lists_schools_and_providers(editor):
    EstablishmentFactory(name="INSA Rennes", short_code="rennes")
    ProviderFactory(name="Vidéosphère")
    home = editor.get("/admin/", **ENGLISH).content.decode()
    assert "Configuration" in home
    schools = editor.get("/admin/snippets/portal/establishment/", **ENGLISH)
    assert schools.status_code == 200
    assert "INSA Rennes" in schools.content.decode()
    providers = editor.get("/admin/snippets/portal/provider/", **ENGLISH)
    assert "Vidéosphère" in providers.content.decode()


def test_editor_searches_schools(editor):
    EstablishmentFactory(name="INSA Rennes", short_code="rennes")
    EstablishmentFactory(name="INSA Lyon", short_code="lyon")
    response = editor.get("/admin/snippets/portal/establishment/?q=rennes", **ENGLISH)
    html = response.content.decode()
    assert "INSA Rennes" in html
    assert "INSA Lyon" not in html


def test_editor_adds_a_school_and_a_provider(editor):
    response = editor.post(
        "/admin/snippets/portal/establishment/add/",
        {
            "name": "INSA Nouvelle",
            "short_code": "nouvelle",
            "email_domains": "insa-nouvelle.fr",
            "idp_claim_values": "{UAI}0000000A",
        },
    )
    assert response.status_code == 302
    assert Establishment.objects.get(short_code="nouvelle").domain_list == ["insa-nouvelle.fr"]
    response = editor.post(
        "/admin/snippets/portal/provider/add/",
        {"name": "Nuage Campus SAS", "contact_email": "support@nuage-campus.example"},
    )
    assert response.status_code == 302
    assert Provider.objects.filter(name="Nuage Campus SAS").exists()


def test_users_admin_creates_a_person_with_school_and_public(technical_admin):
    rennes = EstablishmentFactory(name="INSA Rennes", short_code="rennes")
    form = technical_admin.get("/admin/users/new/", **ENGLISH)
    assert form.status_code == 200
    assert 'name="establishment"' in form.content.decode()
    response = technical_admin.post(
        "/admin/users/new/",
        {
            "username": "jdupont",
            "email": "jean.dupont@insa-rennes.example",
            "first_name": "Jean",
            "last_name": "Dupont",
            "password1": "un-mot-de-passe-solide-42",
            "password2": "un-mot-de-passe-solide-42",
            "establishment": rennes.pk,
            "affiliation": Affiliation.FACULTY,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    person = User.objects.get(username="jdupont")
    assert person.establishment == rennes
    assert person.affiliation == Affiliation.FACULTY


def test_users_admin_changes_a_persons_school(technical_admin):
    lyon = EstablishmentFactory(name="INSA Lyon", short_code="lyon")
    person = UserFactory(username="lmartin", affiliation=Affiliation.STUDENT)
    page = technical_admin.get(f"/admin/users/edit/{person.pk}/", **ENGLISH)
    assert page.status_code == 200
    assert 'name="affiliation"' in page.content.decode()
    response = technical_admin.post(
        f"/admin/users/edit/{person.pk}/",
        {
            "username": "lmartin",
            "email": person.email,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "is_active": "on",
            "establishment": lyon.pk,
            "affiliation": Affiliation.STAFF,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    person.refresh_from_db()
    assert (person.establishment, person.affiliation) == (lyon, Affiliation.STAFF)
