"""One person's choices for the desk's teamwork."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from desk.models import DeskProfile

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def desk_profile_of(user: User) -> DeskProfile:
    """``user``'s choices as stored, or the defaults (unsaved) when never chosen."""
    return DeskProfile.objects.filter(user=user).first() or DeskProfile(user=user)


@transaction.atomic
def desk_profile_save(*, user: User, email_notifications: bool) -> DeskProfile:
    """Record whether ``user`` wants notifications by email too (a row made on first choice)."""
    profile, _ = DeskProfile.objects.update_or_create(
        user=user, defaults={"email_notifications": email_notifications}
    )
    return profile
