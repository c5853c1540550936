"""The verdict scale: data the desk may change, by those allowed to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from claims.errors import ClaimDeskError
from claims.models import Claim, Rating
from claims.services.timeline import require

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@transaction.atomic
def rating_save(*, rating: Rating, by: User) -> Rating:
    """Store a rating edited in the admin; a value on the scale is taken once.

    A new value is copied to the claims that carry the rating (their
    ``rating_value``, which the claims list sorts on), in the same transaction.
    """
    require(by, "claims.change_rating" if rating.pk else "claims.add_rating", "edit the scale")
    if rating.value is not None and (
        Rating.objects.filter(value=rating.value).exclude(pk=rating.pk).exists()
    ):
        raise ClaimDeskError(f"Another rating already has the value {rating.value}.")
    # Locked first: a claim being rated now either finishes before the copy
    # below (which then includes it) or reads the new value after it
    # (timeline.locked_rating_value).
    stored = Rating.objects.select_for_update().filter(pk=rating.pk).first()
    rating.save()
    if stored is not None and stored.value != rating.value:
        Claim.objects.filter(rating=rating).update(rating_value=rating.value)
    return rating
