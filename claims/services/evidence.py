"""Evidence: additive, on the timeline, open even on a published claim."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from claims.errors import ClaimDeskError
from claims.models import NOTE_MAX, Claim, ClaimEvent, Evidence
from claims.services.articles import checked_url
from claims.services.text import checked_length
from claims.services.timeline import lock_claim, record, require
from claims.uploads import UploadRefused, evidence_content_type

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@transaction.atomic
def evidence_add(
    *,
    claim: Claim,
    by: User,
    title: str,
    stance: str = Evidence.Stance.CONTEXT,
    url: str = "",
    file: UploadedFile | None = None,
    note: str = "",
) -> Evidence:
    """Attach evidence. It does not bump the claim's version: adding is never a lost update."""
    require(by, "claims.add_evidence", "add evidence")
    title = checked_length(title.strip(), 300, "The title")
    if not title:
        raise ClaimDeskError("Evidence needs a title.")
    if not url.strip() and file is None:
        raise ClaimDeskError("Evidence needs a URL or a file.")
    if stance not in Evidence.Stance.values:
        raise ClaimDeskError(f"“{stance}” is not a stance (supports, refutes, context).")
    url, note = checked_url(url), checked_length(note, NOTE_MAX, "The note")
    if file is not None:
        try:
            evidence_content_type(file)
        except UploadRefused as error:
            raise ClaimDeskError(str(error)) from None
    # Lock the row: the event records the claim as stored, and no transition
    # can interleave.
    current = lock_claim(claim, version=None)
    evidence = Evidence(claim=current, url=url, title=title, stance=stance, note=note, added_by=by)
    if file is not None:
        evidence.file.save(file.name, file, save=False)
    evidence.save()
    Claim.objects.filter(pk=current.pk).update(updated_at=timezone.now())
    record(
        current,
        kind=ClaimEvent.Kind.EVIDENCE_ADDED,
        by=by,
        details={"evidence_id": evidence.pk, "title": evidence.title, "stance": stance},
    )
    return evidence
