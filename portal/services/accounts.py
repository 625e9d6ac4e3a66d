"""State changes of accounts: identity from the provider's claims, the school chosen once."""

import base64
import hashlib
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import Affiliation, Establishment, User
from ..roles import Role
from .roles import grant_role

logger = logging.getLogger(__name__)

# eduPersonAffiliation values (and SupAnn extensions) -> our publics. When a person has several,
# the first public of AFFILIATION_PRECEDENCE they hold wins: a PhD student who teaches is faculty.
AFFILIATION_VALUES: dict[str, str] = {
    "faculty": Affiliation.FACULTY,
    "teacher": Affiliation.FACULTY,
    "researcher": Affiliation.FACULTY,
    "staff": Affiliation.STAFF,
    "employee": Affiliation.STAFF,
    "student": Affiliation.STUDENT,
}
AFFILIATION_PRECEDENCE: tuple[str, ...] = (
    Affiliation.FACULTY,
    Affiliation.STAFF,
    Affiliation.STUDENT,
)


class MissingEmailClaim(ValueError):
    """The identity provider did not give an e-mail address: Guichet cannot reach the person."""


def _values(claim: Any) -> list[str]:
    """A claim as a list of non-empty strings, whether the provider sent one value or several."""
    if claim is None:
        return []
    if isinstance(claim, str) or not isinstance(claim, Iterable):
        claim = [claim]
    return [str(value).strip() for value in claim if str(value).strip()]


def _claim(claims: Mapping[str, Any], setting: str) -> Any:
    return claims.get(getattr(settings, setting))


def establishment_from_claims(claims: Mapping[str, Any]) -> Establishment | None:
    """The school the claims designate: by the school claim's value first, else by the domain of
    the e-mail address (a sub-domain such as etu.insa-lyon.fr counts). None when neither says."""
    establishments = list(Establishment.objects.all())
    for value in _values(_claim(claims, "OIDC_CLAIM_ESTABLISHMENT")):
        for establishment in establishments:
            if value.lower() in establishment.claim_value_list:
                return establishment
    email = str(_claim(claims, "OIDC_CLAIM_EMAIL") or "")
    domain = email.rpartition("@")[2].strip().lower()
    if domain:
        for establishment in establishments:
            for known in establishment.domain_list:
                if domain == known or domain.endswith(f".{known}"):
                    return establishment
    return None


def affiliation_from_claims(claims: Mapping[str, Any]) -> str:
    """The person's public: the primary affiliation when it is one we know, else the strongest
    of their affiliations (faculty, then staff, then student), else "other". Scoped values
    (``faculty@insa-lyon.fr``) count as their unscoped value."""

    def known(values: list[str]) -> set[str]:
        found = set()
        for value in values:
            mapped = AFFILIATION_VALUES.get(value.partition("@")[0].lower())
            if mapped:
                found.add(mapped)
        return found

    primary = known(_values(_claim(claims, "OIDC_CLAIM_PRIMARY_AFFILIATION")))
    held = primary or known(_values(_claim(claims, "OIDC_CLAIM_AFFILIATION")))
    for affiliation in AFFILIATION_PRECEDENCE:
        if affiliation in held:
            return affiliation
    return Affiliation.OTHER


def roles_from_claims(claims: Mapping[str, Any]) -> set[str]:
    """Roles granted by entitlement values, as mapped in settings.OIDC_ENTITLEMENT_ROLES."""
    mapping: Mapping[str, str] = settings.OIDC_ENTITLEMENT_ROLES or {}
    roles = set()
    for value in _values(_claim(claims, "OIDC_CLAIM_ENTITLEMENT")):
        role = mapping.get(value)
        if role is None:
            continue
        if role in Role.values:
            roles.add(role)
        else:
            logger.warning("OIDC_ENTITLEMENT_ROLES maps %r to unknown role %r", value, role)
    return roles


def oidc_username(subject: str) -> str:
    """A username derived from the provider's subject: stable, opaque (the subject may be a
    personal identifier) and short. A suffix is added if ever it is already taken."""
    digest = hashlib.sha256(subject.encode()).digest()
    base = "oidc-" + base64.b32encode(digest).decode().rstrip("=").lower()[:20]
    username, counter = base, 1
    while User.objects.filter(username=username).exists():
        counter += 1
        username = f"{base}-{counter}"
    return username


@transaction.atomic
def apply_identity_claims(user: User | None, claims: Mapping[str, Any]) -> User:
    """Sign-in with the school's credentials: create the person's account (``user`` is None) or
    refresh it from the identity provider's claims, at every sign-in.

    Sets the e-mail, names, school, public and the subject; grants the roles that entitlements
    map to (roles are never revoked here: an admin may have granted them by hand). When the
    claims do not tell the school, a school the person chose earlier is kept; otherwise it is
    left empty so that the profile page offers a one-time choice.

    Raises MissingEmailClaim, before any change, when the claims carry no e-mail address.
    """
    email = str(_claim(claims, "OIDC_CLAIM_EMAIL") or "").strip()
    if not email:
        raise MissingEmailClaim("The identity provider sent no e-mail address.")
    subject = str(claims.get("sub") or "").strip()
    if user is None:
        if not subject:
            raise ValueError("Claims without a subject cannot create an account.")
        user = User(username=oidc_username(subject))
        user.set_unusable_password()
    if subject:
        user.oidc_subject = subject

    user.email = email
    user.first_name = str(_claim(claims, "OIDC_CLAIM_GIVEN_NAME") or user.first_name)[:150]
    user.last_name = str(_claim(claims, "OIDC_CLAIM_FAMILY_NAME") or user.last_name)[:150]

    establishment = establishment_from_claims(claims)
    if establishment is not None:
        user.establishment = establishment
    elif not user.establishment_chosen:
        user.establishment = None

    user.affiliation = affiliation_from_claims(claims)
    user.last_claims_at = timezone.now()
    user.save()

    for role in sorted(roles_from_claims(claims)):
        grant_role(user, role)
    return user


@transaction.atomic
def choose_establishment(user: User, establishment: Establishment) -> None:
    """The person picks their school because the identity provider did not say it. Once only."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.establishment_id is not None or locked.establishment_chosen:
        raise ValueError("The establishment is already set.")
    locked.establishment = establishment
    locked.establishment_chosen = True
    locked.save(update_fields=["establishment", "establishment_chosen"])
    user.establishment = establishment
    user.establishment_chosen = True
