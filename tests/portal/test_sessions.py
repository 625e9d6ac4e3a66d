"""Sessions that name their person (portal/sessions.py): a signed-in request reads session and
person in one query, and signing in, out, a changed password, a deactivated or deleted
person behave as with Django's own sessions."""

from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.utils import timezone

from portal.models import UserSession
from portal.sessions import signed_in_user
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROFILE = "/profil/"


@pytest.fixture
def person():
    return UserFactory(username="cmartin", first_name="Claire", last_name="Martin")


def sign_in(person) -> Client:
    client = Client()
    response = client.post("/connexion/", {"username": person.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_signing_in_stores_the_person_with_the_session(person):
    client = sign_in(person)
    row = UserSession.objects.get(session_key=client.session.session_key)
    assert row.user_id == person.pk
    assert client.get(PROFILE).status_code == 200


def test_the_session_and_its_person_come_in_one_query(person, rf, django_assert_num_queries):
    client = sign_in(person)
    request = rf.get(PROFILE)
    request.session = UserSession.get_session_store_class()(client.session.session_key)
    with django_assert_num_queries(1):
        user = signed_in_user(request)
        assert user == person and user.is_authenticated


def test_signing_out_ends_the_session(person):
    client = sign_in(person)
    key = client.session.session_key
    client.post("/deconnexion/")
    assert not UserSession.objects.filter(session_key=key).exists()
    assert client.get(PROFILE).status_code == 302  # to the sign-in page


def test_a_password_changed_elsewhere_signs_the_other_sessions_out(person):
    client = sign_in(person)
    person.set_password("another-password-456")
    person.save()
    assert client.get(PROFILE).status_code == 302


def test_a_deactivated_person_is_signed_out(person):
    client = sign_in(person)
    person.is_active = False
    person.save()
    assert client.get(PROFILE).status_code == 302


def test_deleting_a_person_deletes_their_sessions(person):
    client = sign_in(person)
    key = client.session.session_key
    person.delete()
    assert not UserSession.objects.filter(session_key=key).exists()
    assert client.get(PROFILE).status_code == 302


def test_a_session_without_its_person_column_still_signs_in(person):
    """A row written before the column existed (or by another store): Django's own path."""
    client = sign_in(person)
    UserSession.objects.filter(session_key=client.session.session_key).update(user=None)
    assert client.get(PROFILE).status_code == 200


def test_an_anonymous_session_keeps_its_data():
    client = Client()
    session = client.session
    session["guichet-test"] = "gardé"
    session.save()
    row = UserSession.objects.get(session_key=session.session_key)
    assert row.user_id is None and SESSION_KEY not in session
    assert client.session["guichet-test"] == "gardé"


def test_an_expired_session_signs_out(person):
    client = sign_in(person)
    UserSession.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    assert client.get(PROFILE).status_code == 302


def test_the_prepared_read_gives_what_the_orm_gives(person):
    """`SessionManager.current` runs Django's compiled query: same rows, same Python values
    (dates with their time zone, flags as booleans, JSON decoded) on every database."""
    person.mail_opt_outs = ["ticket_updates"]
    person.last_login = timezone.now()
    person.save()
    client = sign_in(person)
    key = client.session.session_key
    expected = UserSession.objects.get(session_key=key)
    read = UserSession.objects.current(key)
    assert [read.session_key, read.session_data, read.expire_date, read.user_id] == [
        expected.session_key,
        expected.session_data,
        expected.expire_date,
        expected.user_id,
    ]
    fields = [field.attname for field in type(person)._meta.concrete_fields]
    assert {name: getattr(read.user, name) for name in fields} == {
        name: getattr(expected.user, name) for name in fields
    }
    assert read.user.is_active is True and read.user.last_login.tzinfo is not None
    assert UserSession.objects.current("no-such-session") is None
