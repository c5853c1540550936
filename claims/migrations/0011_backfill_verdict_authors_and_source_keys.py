"""Fill the new columns from what the record already says.

- Each event's ``verdict_by`` (who set the verdict standing after it) is
  replayed from the events themselves: a change of rating is its actor's
  verdict. The claim's ``verdict_by`` is its last event's. A claim's
  ``review_requested_by`` becomes what it now means only: who last sent it
  to review (it once also named a reviewer who changed a verdict in review).
- Each source's ``name_key``: its name folded for comparison. Sources already
  stored twice under one key keep both rows; the later ones' keys get their
  id, so they stay distinct until someone merges them.

The events table refuses UPDATE on PostgreSQL; this migration, run by the
tables' owner, lifts that for its own transaction only. It adds derived
columns; it changes nothing an event already said.
"""

import unicodedata

from django.db import migrations

GUARD = "claims_event_append_only"
FOLDS = str.maketrans({"‘": "'", "’": "'", "ʼ": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def name_key(name: str) -> str:
    # A copy of models.source_name_key as it is today: migrations keep their own.
    return " ".join(unicodedata.normalize("NFKC", name).translate(FOLDS).casefold().split())


def backfill(apps, schema_editor) -> None:
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute(f"ALTER TABLE claims_claimevent DISABLE TRIGGER {GUARD}")
    backfill_verdict_authors(apps)
    if postgres:
        # The foreign keys' deferred checks must run before the table can be altered again.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute(f"ALTER TABLE claims_claimevent ENABLE ALWAYS TRIGGER {GUARD}")
    backfill_source_keys(apps)


def backfill_verdict_authors(apps) -> None:
    Claim = apps.get_model("claims", "Claim")
    ClaimEvent = apps.get_model("claims", "ClaimEvent")
    for claim in Claim.objects.only("pk").iterator(chunk_size=2000):
        author, sender, changed = None, None, []
        for event in ClaimEvent.objects.filter(claim_id=claim.pk).order_by("at", "id"):
            if event.from_rating_id != event.to_rating_id:
                author = event.actor_id if event.to_rating_id else None
            if event.kind == "status_changed" and event.to_status == "in_review":
                sender = event.actor_id
            if event.verdict_by_id != author:
                event.verdict_by_id = author
                changed.append(event)
        ClaimEvent.objects.bulk_update(changed, ["verdict_by"])
        Claim.objects.filter(pk=claim.pk).update(
            verdict_by_id=author, review_requested_by_id=sender
        )


def backfill_source_keys(apps) -> None:
    Source = apps.get_model("claims", "Source")
    seen = set()
    for source in Source.objects.order_by("pk").iterator(chunk_size=2000):
        key = name_key(source.name)
        source.name_key = key if key not in seen else f"{key}#{source.pk}"
        seen.add(key)
        source.save(update_fields=["name_key"])


class Migration(migrations.Migration):
    dependencies = [("claims", "0010_verdict_author_and_field_limits")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
