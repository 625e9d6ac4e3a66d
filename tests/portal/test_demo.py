"""`manage.py load_demo`: what a newcomer finds after `make run`, and that running it again
changes nothing."""

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from wagtail.models import Page, Site

from portal import demo
from portal.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from portal.models import (
    Affiliation,
    BriquePage,
    BriqueStatus,
    ChainMember,
    Establishment,
    HomePage,
    Priority,
    User,
)
from portal.roles import GROUP_NAMES, Role

pytestmark = pytest.mark.django_db

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
SCHOOLS = {
    "INSA Centre Val de Loire",
    "INSA Hauts-de-France",
    "INSA Lyon",
    "INSA Rennes",
    "INSA Rouen Normandie",
    "INSA Strasbourg",
    "INSA Toulouse",
}
BRIQUES = {
    "Moodle",
    "Scenari",
    "Portail numérique groupe",
    "Plateforme vidéo",
    "Enquête en ligne",
    "Bot groupe",
    "Chat groupe",
    "Gestion de rendez-vous",
}


def load_portal_demo() -> None:
    """The portal's own steps, without those other apps add (tickets take long to build)."""
    for step in demo.demo_steps():
        if step.run.__module__ == "portal.demo":
            step.run(lambda line: None)


@pytest.fixture(scope="module")
def _demo_loaded_once(django_db_setup, django_db_blocker):
    """Loading takes seconds: once for the read-only tests of this module, in a transaction
    rolled back at its end (each test still runs in its own savepoint)."""
    # The suite's fast hasher (tests/conftest.py) is function-scoped: use it here too.
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), transaction.atomic(), fast:
        load_portal_demo()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def loaded(_demo_loaded_once, db):
    return None


def test_home_page_replaces_wagtails_welcome_page(loaded):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.root_page.title == "Guichet"
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()
    assert Page.objects.get(slug="briques").get_parent().specific == site.root_page.specific


def test_seven_schools_with_their_domains(loaded):
    assert set(Establishment.objects.values_list("name", flat=True)) == SCHOOLS
    lyon = Establishment.objects.get(short_code="lyon")
    assert lyon.domain_list == ["insa-lyon.fr"]
    assert "{uai}0690192j" in lyon.claim_value_list


def test_eight_live_briques_with_categories_service_levels_and_chains(loaded):
    briques = BriquePage.objects.live()
    assert set(briques.values_list("title", flat=True)) == BRIQUES
    for brique in briques:
        assert 3 <= brique.categories.count() <= 5, brique
        assert set(brique.sla_targets.values_list("priority", flat=True)) == set(Priority.values)
        assert brique.chain.filter(role="moderator").exists(), brique
        assert brique.chain.filter(role="technician").exists(), brique
        assert brique.summary and brique.description and brique.contact_email


def test_moodle_has_one_technician_per_school(loaded):
    moodle = BriquePage.objects.get(slug="moodle")
    local = ChainMember.objects.filter(brique=moodle, establishment__isnull=False)
    assert local.count() == 7
    assert set(local.values_list("establishment__name", flat=True)) == SCHOOLS


def test_one_brique_degraded_and_one_in_maintenance_show_banners(loaded, client):
    statuses = dict(BriquePage.objects.values_list("slug", "status"))
    assert statuses["plateforme-video"] == BriqueStatus.DEGRADED
    assert statuses["enquete-en-ligne"] == BriqueStatus.MAINTENANCE
    for slug in ("plateforme-video", "enquete-en-ligne"):
        html = client.get(f"/briques/{slug}/", **ENGLISH).content.decode()
        assert "status-banner" in html
    home = client.get("/", **ENGLISH).content.decode()
    assert "badge-degraded" in home and "badge-maintenance" in home


def test_one_account_per_profile_signs_in_with_the_demo_password(loaded, client):
    for username, _role, _hint in DEMO_ACCOUNTS:
        response = client.post(
            reverse("portal:login"), {"username": username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, username
        assert client.session.get("_auth_user_id"), username
        client.logout()


def test_profiles_have_their_school_public_and_roles(loaded):
    people = {user.username: user for user in User.objects.all()}
    assert people["etudiant"].affiliation == Affiliation.STUDENT
    assert people["etudiant"].establishment.name == "INSA Rennes"
    assert people["enseignant"].affiliation == Affiliation.FACULTY
    assert people["enseignant"].establishment.name == "INSA Lyon"
    assert people["personnel"].affiliation == Affiliation.STAFF
    assert people["personnel"].establishment.name == "INSA Toulouse"

    def groups(username):
        return set(people[username].groups.values_list("name", flat=True))

    assert groups("etudiant") == set()
    assert GROUP_NAMES[Role.MODERATOR] in groups("moderateur")
    assert GROUP_NAMES[Role.TECHNICIAN] in groups("technicien")
    assert groups("admin-fonctionnel") == {GROUP_NAMES[Role.FUNCTIONAL_ADMIN]}
    assert groups("admin-technique") == {GROUP_NAMES[Role.TECHNICAL_ADMIN]}
    assert not any(user.is_superuser for user in people.values())
    moderated = BriquePage.objects.filter(chain__user=people["moderateur"]).distinct()
    assert moderated.count() >= 2


def test_demo_addresses_never_reach_a_real_mailbox(loaded):
    assert all(email.endswith(".example") for email in User.objects.values_list("email", flat=True))
