"""Claim mapping: what Guichet keeps of the identity provider's claims, refreshed at each
sign-in (services.accounts.apply_identity_claims and the backend's account lookup)."""

import pytest

from portal.models import Affiliation, User
from portal.oidc import GuichetOIDCBackend, SignInError
from portal.roles import GROUP_NAMES, Role
from portal.services.accounts import (
    MissingEmailClaim,
    affiliation_from_claims,
    apply_identity_claims,
    oidc_username,
)
from tests.factories import EstablishmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lyon():
    return EstablishmentFactory(
        name="INSA Lyon",
        short_code="lyon",
        email_domains="insa-lyon.fr",
        idp_claim_values="{UAI}0690192J",
    )


@pytest.fixture
def rennes():
    return EstablishmentFactory(
        name="INSA Rennes",
        short_code="rennes",
        email_domains="insa-rennes.fr\netudiant.insa-rennes.fr",
        idp_claim_values="{UAI}0350097R",
    )


def claims(**overrides):
    base = {
        "sub": "alice",
        "email": "alice@example.org",
        "given_name": "Alice",
        "family_name": "Martin",
        "eduPersonAffiliation": ["faculty", "member"],
    }
    base.update(overrides)
    return {key: value for key, value in base.items() if value is not None}


def test_school_from_the_claim_value_wins_over_the_email_domain(lyon, rennes):
    user = apply_identity_claims(
        None, claims(email="alice@insa-rennes.fr", supannEtablissement="{uai}0690192j")
    )
    assert user.establishment == lyon
    assert user.oidc_subject == "alice"
    assert (user.email, user.first_name, user.last_name) == (
        "alice@insa-rennes.fr",
        "Alice",
        "Martin",
    )
    assert user.last_claims_at is not None
    assert not user.has_usable_password()


def test_school_claim_may_hold_several_values(lyon, rennes):
    user = apply_identity_claims(
        None, claims(supannEtablissement=["{UAI}9999999X", "{UAI}0350097R"])
    )
    assert user.establishment == rennes


def test_school_from_the_email_domain_and_its_subdomains(lyon, rennes):
    assert apply_identity_claims(None, claims(email="a@INSA-Lyon.fr")).establishment == lyon
    other = apply_identity_claims(None, claims(sub="bob", email="bob@etu.insa-lyon.fr"))
    assert other.establishment == lyon


def test_unknown_school_is_left_empty_then_chosen_once_and_kept(client, lyon, rennes):
    user = apply_identity_claims(None, claims(email="alice@gmail.com"))
    assert user.establishment is None

    client.force_login(user)
    page = client.get("/profil/").content.decode()
    assert 'name="establishment"' in page
    response = client.post("/profil/", {"establishment": rennes.pk})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.establishment, user.establishment_chosen) == (rennes, True)
    assert 'name="establishment"' not in client.get("/profil/").content.decode()

    # Next sign-in, the claims still do not say: the person's choice stays.
    user = apply_identity_claims(user, claims(email="alice@gmail.com"))
    assert user.establishment == rennes
    # The provider now says it: the claims win, refreshed at this sign-in.
    user = apply_identity_claims(user, claims(email="alice@insa-lyon.fr"))
    assert user.establishment == lyon


def test_school_given_earlier_by_claims_is_cleared_when_claims_stop_saying_it(lyon):
    user = apply_identity_claims(None, claims(email="alice@insa-lyon.fr"))
    assert user.establishment == lyon
    user = apply_identity_claims(user, claims(email="alice@gmail.com"))
    assert user.establishment is None
    assert not user.establishment_chosen


@pytest.mark.parametrize(
    ("primary", "affiliations", "expected"),
    [
        (None, ["student", "staff", "faculty", "member"], Affiliation.FACULTY),
        (None, ["student", "employee", "member"], Affiliation.STAFF),
        (None, ["member", "student"], Affiliation.STUDENT),
        (None, "student", Affiliation.STUDENT),
        (None, ["student@insa-lyon.fr"], Affiliation.STUDENT),
        (None, ["affiliate", "member"], Affiliation.OTHER),
        (None, None, Affiliation.OTHER),
        ("staff", ["faculty", "staff"], Affiliation.STAFF),
        ("member", ["student", "member"], Affiliation.STUDENT),
        ("Faculty", None, Affiliation.FACULTY),
    ],
)
def test_affiliation_precedence(primary, affiliations, expected):
    assert (
        affiliation_from_claims(
            claims(eduPersonPrimaryAffiliation=primary, eduPersonAffiliation=affiliations)
        )
        == expected
    )


def test_affiliation_is_refreshed_at_each_sign_in():
    user = apply_identity_claims(None, claims(eduPersonAffiliation=["student"]))
    assert user.affiliation == Affiliation.STUDENT
    user = apply_identity_claims(user, claims(eduPersonAffiliation=["staff"], given_name="Alicia"))
    user.refresh_from_db()
    assert (user.affiliation, user.first_name) == (Affiliation.STAFF, "Alicia")


def test_entitlements_grant_the_mapped_roles(settings):
    settings.OIDC_ENTITLEMENT_ROLES = {
        "urn:insa:guichet:admin-fonctionnel": Role.FUNCTIONAL_ADMIN,
        "urn:insa:guichet:typo": "no-such-role",
    }
    user = apply_identity_claims(
        None,
        claims(
            eduPersonEntitlement=[
                "urn:insa:guichet:admin-fonctionnel",
                "urn:insa:guichet:typo",
                "urn:mace:unrelated",
            ]
        ),
    )
    assert set(user.groups.values_list("name", flat=True)) == {GROUP_NAMES[Role.FUNCTIONAL_ADMIN]}


def test_no_entitlement_mapping_grants_nothing():
    user = apply_identity_claims(None, claims(eduPersonEntitlement=["urn:insa:guichet:admin"]))
    assert not user.groups.exists()


def test_claims_without_email_are_refused_before_any_change():
    existing = apply_identity_claims(None, claims(given_name="Alice"))
    with pytest.raises(MissingEmailClaim):
        apply_identity_claims(existing, claims(email=None, given_name="Changed"))
    existing.refresh_from_db()
    assert existing.first_name == "Alice"

    with pytest.raises(SignInError) as error:
        GuichetOIDCBackend().user_for_claims(claims(sub="nobody", email=None))
    assert error.value.reason == "missing_email"
    assert not User.objects.filter(oidc_subject="nobody").exists()


def test_username_is_derived_from_the_subject_and_never_collides():
    taken = UserFactory(username=oidc_username("alice"))
    user = apply_identity_claims(None, claims())
    assert user.pk != taken.pk
    assert user.username.startswith(taken.username)
    assert "alice" not in user.username
    assert len(user.username) <= 150


def test_backend_finds_people_by_subject_even_when_their_email_changed():
    backend = GuichetOIDCBackend()
    first = backend.user_for_claims(claims())
    again = backend.user_for_claims(claims(email="alice.martin@example.org"))
    assert again.pk == first.pk
    assert User.objects.get(pk=first.pk).email == "alice.martin@example.org"


def test_first_sign_in_links_an_existing_local_account_by_email():
    local = UserFactory(username="amartin", email="Alice@Example.org")
    user = GuichetOIDCBackend().user_for_claims(claims())
    assert user.pk == local.pk
    local.refresh_from_db()
    assert (local.oidc_subject, local.username) == ("alice", "amartin")
    assert local.has_usable_password()


def test_unverified_email_does_not_link_a_local_account():
    local = UserFactory(username="amartin", email="alice@example.org")
    user = GuichetOIDCBackend().user_for_claims(claims(email_verified=False))
    assert user.pk != local.pk


def test_an_account_linked_to_another_subject_is_not_taken_over():
    other = apply_identity_claims(None, claims(sub="someone-else"))
    user = GuichetOIDCBackend().user_for_claims(claims())
    assert user.pk != other.pk


def test_disabled_accounts_are_refused_and_left_unchanged():
    user = apply_identity_claims(None, claims())
    User.objects.filter(pk=user.pk).update(is_active=False, first_name="Kept")
    with pytest.raises(SignInError) as error:
        GuichetOIDCBackend().user_for_claims(claims(given_name="Changed"))
    assert error.value.reason == "inactive"
    assert User.objects.get(pk=user.pk).first_name == "Kept"
