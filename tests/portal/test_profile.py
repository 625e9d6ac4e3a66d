"""The profile page: what Guichet knows of the person, and the one-time choice of their school
when the identity provider did not say it."""

import pytest

from portal.models import Affiliation
from tests.factories import EstablishmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/profil/")
    assert response.status_code == 302
    assert response["Location"].startswith("/connexion/?next=/profil/")


def test_profile_shows_school_and_public(client):
    lyon = EstablishmentFactory(name="INSA Lyon", short_code="lyon")
    user = UserFactory(establishment=lyon, affiliation=Affiliation.STAFF)
    client.force_login(user)
    response = client.get("/profil/")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="profile-establishment">INSA Lyon<' in page
    assert 'name="establishment"' not in page


def test_unknown_school_is_chosen_once(client):
    lyon = EstablishmentFactory(name="INSA Lyon", short_code="lyon")
    rennes = EstablishmentFactory(name="INSA Rennes", short_code="rennes")
    user = UserFactory(establishment=None)
    client.force_login(user)
    assert 'name="establishment"' in client.get("/profil/").content.decode()

    assert client.post("/profil/", {"establishment": ""}).status_code == 200
    user.refresh_from_db()
    assert user.establishment is None

    assert client.post("/profil/", {"establishment": lyon.pk}).status_code == 302
    user.refresh_from_db()
    assert (user.establishment, user.establishment_chosen) == (lyon, True)

    # A second choice is refused: the school is decided once.
    client.post("/profil/", {"establishment": rennes.pk})
    user.refresh_from_db()
    assert user.establishment == lyon
    assert 'name="establishment"' not in client.get("/profil/").content.decode()
