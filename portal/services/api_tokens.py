"""State changes of personal API tokens: create (the secret is returned once), revoke, and
note the last use."""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.utils import timezone

from ..models import ApiToken, ApiTokenScope, User

# Every secret starts with this marker, so that a leaked one is easy to recognise (and to
# search for in code hosting secret scanners).
SECRET_MARKER = "gch_"
PREFIX_LENGTH = len(SECRET_MARKER) + 6
# A token's last use is written at most this often: a busy integration must not write on every
# request.
LAST_USED_PRECISION = timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_api_token(
    user: User, name: str, scope: str = ApiTokenScope.READ, expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """A new token for `user`; returns it with its secret, which is not kept anywhere."""
    secret = SECRET_MARKER + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        scope=ApiTokenScope(scope),
        prefix=secret[:PREFIX_LENGTH],
        secret_hash=hash_secret(secret),
        expires_at=expires_at,
    )
    return token, secret


def rename_api_token(token: ApiToken, name: str) -> ApiToken:
    token.name = name.strip()
    token.save(update_fields=["name"])
    return token


def revoke_api_token(token: ApiToken) -> ApiToken:
    """Revoke `token` for good (revoking it again changes nothing)."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=token.revoked_at
        )
    return token


def note_token_use(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        token.last_used_at = now
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
