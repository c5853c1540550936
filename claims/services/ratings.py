"""The verdict scale: data the desk may change, by those allowed to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from claims.errors import ClaimDeskError
from claims.models import Rating
from claims.services.timeline import require

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@transaction.atomic
def rating_save(*, rating: Rating, by: User) -> Rating:
    """Store a rating edited in the admin; a value on the scale is taken once."""
    require(by, "claims.change_rating" if rating.pk else "claims.add_rating", "edit the scale")
    if rating.value is not None and (
        Rating.objects.filter(value=rating.value).exclude(pk=rating.pk).exists()
    ):
        raise ClaimDeskError(f"Another rating already has the value {rating.value}.")
    rating.save()
    return rating
