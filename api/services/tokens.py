"""API tokens: made, named and revoked by their owner."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from api.models import ApiToken
from claims.errors import ClaimDeskError
from claims.services.text import checked_length

# A recognisable prefix lets secret scanners (and people) spot a leaked token.
TOKEN_PREFIX = "cdk_"
TOKENS_PER_USER_MAX = 50


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once, never stored


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_create(*, user: User, name: str) -> NewToken:
    name = checked_length(name.strip(), ApiToken._meta.get_field("name").max_length, "The name")
    if not name:
        raise ClaimDeskError("Give the token a name: what will use it?")
    with transaction.atomic():
        # Locks the owner's row: two requests at once cannot both pass the count.
        User.objects.select_for_update().get(pk=user.pk)
        if ApiToken.objects.active().filter(user=user).count() >= TOKENS_PER_USER_MAX:
            raise ClaimDeskError(
                f"You already have {TOKENS_PER_USER_MAX} tokens: revoke one you no longer use."
            )
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = ApiToken.objects.create(
            user=user, name=name, prefix=secret[:12], key_hash=token_hash(secret)
        )
    return NewToken(token, secret)


def token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    """Revoke for good; only the owner may. Revoking twice changes nothing."""
    if token.user_id != by.pk:
        raise ClaimDeskError("Only its owner can revoke a token.")
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db(fields=["revoked_at"])
    return token
