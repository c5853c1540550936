"""Sources and outlets: found by name before anything new is made."""

from __future__ import annotations

import operator
from collections.abc import Iterable, Sequence
from functools import reduce
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet

from claims.errors import ClaimDeskError, StaleVersion
from claims.models import (
    ALIASES_MAX,
    NOTE_MAX,
    SOURCE_DETAILS,
    SOURCING_STRENGTH,
    Attribution,
    Claim,
    ClaimEvent,
    Outlet,
    Source,
    source_name_key,
)
from claims.services import tallies
from claims.services.text import checked_length
from claims.services.timeline import record, require, save_claim

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def source_find_or_create(
    *, name: str, kind: str, by: User, also_known_as: Sequence[str] = ()
) -> Source:
    """The source called ``name`` (or known by it as an alias), else a new one.

    ``also_known_as``: other ways the article writes the same source ("Governor
    Halvard Ness" for "Halvard Ness"), looked for after ``name`` and before
    anything is made, so that a source stored under its titled name is found.

    The race: eight editors attributing to the same new name at once. The
    unique ``name_key`` lets one insert win; the others find its row.
    """
    name = " ".join(name.split())
    if not name:
        raise ClaimDeskError("Name the source.")
    if len(name) > Source._meta.get_field("name").max_length:
        raise ClaimDeskError("That source name is too long.")
    names = [name, *also_known_as]
    found = first_known(sources_known_as(names), names)
    if found is not None:
        return found
    require(by, "claims.add_source", "add sources")
    if kind not in Source.Kind.values:
        raise ClaimDeskError(f"“{kind}” is not a kind of source.")
    key = source_name_key(name)
    try:
        with transaction.atomic():
            return Source.objects.create(name=name, kind=kind)
    except IntegrityError:
        return Source.objects.get(name_key=key)


def sources_known_as(names: Iterable[str]) -> dict[str, Source]:
    """The sources called, or aliased, by any of ``names``, by compared key; two queries.

    A source's own name wins over another source's alias for the same key.
    """
    keys = {source_name_key(name) for name in names if name.strip()}
    if not keys:
        return {}
    found = {source.name_key: source for source in Source.objects.filter(name_key__in=keys)}
    unmatched = keys - found.keys()
    if unmatched:
        for source in _sources_with_aliases_like(unmatched):
            for alias in source.alias_list():
                if source_name_key(alias) in unmatched:
                    found.setdefault(source_name_key(alias), source)
    return found


def _sources_with_aliases_like(keys: set[str]) -> QuerySet[Source]:
    """Sources whose aliases contain each key's longest word: few (not every
    source with "the" in an alias), then compared line by line."""
    words = {max(key.split(" "), key=len) for key in keys}
    return Source.objects.exclude(aliases="").filter(
        reduce(operator.or_, (Q(aliases__icontains=word) for word in words))
    )


def first_known(found: dict[str, Source], names: Sequence[str]) -> Source | None:
    """The source for the first of ``names`` that one is known by."""
    for name in names:
        source = found.get(source_name_key(name))
        if source is not None:
            return source
    return None


@transaction.atomic
def source_save(*, source: Source, by: User) -> Source:
    """Store a source edited in the admin, its comparison key kept in step."""
    require(by, "claims.change_source" if source.pk else "claims.add_source", "edit sources")
    source.name = " ".join(source.name.split())
    clash = (
        Source.objects.filter(name_key=source_name_key(source.name)).exclude(pk=source.pk).first()
    )
    if clash is not None:
        raise ClaimDeskError(f"Another source is already called “{clash.name}”.")
    # An edit writes the details only: the tallies on the form's copy may be
    # behind the services' increments made since it was read.
    source.save(update_fields=SOURCE_DETAILS if source.pk else None)
    if source.pk:
        # Pages opened before this edit now offer a stale version.
        Source.objects.filter(pk=source.pk).update(version=F("version") + 1)
    return source


def require_source_keeper(by: User) -> None:
    """Editing and merging sources in the app is a reviewer's job: a merge
    rewrites the attributions of claims other editors are working on."""
    require(by, "claims.change_source", "edit sources")
    require(by, "claims.review_claim", "edit or merge sources (reviewers do)")


@transaction.atomic
def source_edit(*, source: Source, by: User, version: int, **details: str) -> Source:
    """Change a source's details (any of ``SOURCE_DETAILS``) from its page.

    Refused from an older version of the source (another edit or a merge
    into it since), for a name another source already has, and for a kind
    that does not exist.
    """
    require_source_keeper(by)
    unknown = set(details) - set(SOURCE_DETAILS)
    if unknown:
        raise ValueError(f"Not a source detail: {', '.join(sorted(unknown))}")
    [current] = _locked_sources([source.pk])
    _refuse_if_stale(current, version)
    for name, value in details.items():
        setattr(current, name, value.strip())
    _check_details(current)
    current.version += 1
    try:
        # The race: two sources renamed to one name at once both pass the
        # check above; the unique name_key lets one win and the other is told.
        with transaction.atomic():
            current.save(update_fields=[*SOURCE_DETAILS, "version"])
    except IntegrityError:
        raise ClaimDeskError(
            f"Another source is already called “{current.name}”: merge the two instead."
        ) from None
    return current


def _check_details(source: Source) -> None:
    source.name = " ".join(source.name.split())
    if not source.name:
        raise ClaimDeskError("Name the source.")
    checked_length(source.name, Source._meta.get_field("name").max_length, "The name")
    if source.kind not in Source.Kind.values:
        raise ClaimDeskError(f"“{source.kind}” is not a kind of source.")
    source.aliases = "\n".join(_distinct_names(source.alias_list(), besides=source.name))
    checked_length(source.aliases, ALIASES_MAX, "The list of aliases")
    checked_length(source.notes, NOTE_MAX, "The notes")
    clash = (
        Source.objects.filter(name_key=source_name_key(source.name)).exclude(pk=source.pk).first()
    )
    if clash is not None:
        raise ClaimDeskError(
            f"Another source is already called “{clash.name}”: merge the two instead."
        )


def _distinct_names(names: Iterable[str], *, besides: str) -> list[str]:
    """``names`` once each (as compared), without ``besides``, in their order."""
    seen = {source_name_key(besides)}
    distinct = []
    for name in names:
        key = source_name_key(name)
        if key and key not in seen:
            seen.add(key)
            distinct.append(" ".join(name.split()))
    return distinct


def _locked_sources(ids: list[int]) -> list[Source]:
    """These sources as stored, their rows locked (ascending ids: the tallies' lock order).

    FOR UPDATE, not the tallies' no-key lock: a merge deletes a row, and a
    capture attributing to it meanwhile must wait and then fail, not slip
    an attribution onto a source that is gone.
    """
    locked = list(Source.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    if len(locked) != len(set(ids)):
        raise ClaimDeskError("That source no longer exists: it was merged or removed.")
    by_id = {source.pk: source for source in locked}
    return [by_id[pk] for pk in ids]


def _refuse_if_stale(current: Source, version: int) -> None:
    if current.version != version:
        raise StaleVersion(
            f"“{current.name}” was edited or had another source merged into it after you "
            f"opened it (version {version}, now {current.version}). Nothing was saved.",
            [],
        )


@transaction.atomic
def source_merge(*, source: Source, into: Source, by: User, version: int) -> Source:
    """Merge ``source`` into ``into``: one source under two records becomes one.

    Its attributions move to ``into`` (a claim attributed to both keeps the
    stronger of the two), its name and aliases become ``into``'s aliases,
    each affected claim gets a "source merged" event, the tallies follow,
    and ``source`` is deleted.

    Published claims are merged too: a merge corrects who a source is, not
    how well a claim is sourced (the claim's strongest sourcing, which the
    verdict and the desk report rest on, is kept), and refusing would leave
    a duplicate behind every source with a published claim.

    Lock order as everywhere (claims.services.tallies): the claims, then
    the two sources. A capture attributing to ``source`` meanwhile waits for
    the source's row and then fails; two merges at once queue on the rows.
    """
    require_source_keeper(by)
    require(by, "claims.change_attribution", "change attributions")
    if source.pk == into.pk:
        raise ClaimDeskError("A source cannot be merged into itself.")
    claims = _locked_claims_of(source.pk, exclude=set())
    gone, kept = _locked_sources([source.pk, into.pk])
    _refuse_if_stale(gone, version)
    # Attributed between the claims' lock and the source's: lock those too.
    claims += _locked_claims_of(gone.pk, exclude={claim.pk for claim in claims})
    kept.aliases = "\n".join(
        _distinct_names([*kept.alias_list(), gone.name, *gone.alias_list()], besides=kept.name)
    )
    checked_length(kept.aliases, ALIASES_MAX, f"The aliases of “{kept.name}” after the merge")
    for current in claims:
        _merge_attribution(current, gone=gone, kept=kept, by=by)
    kept.version += 1
    kept.save(update_fields=["aliases", "version"])
    # Lazily: the vault builds on claims. Its record of who an anonymous
    # source is follows the source, logged, without being read.
    from vault.services import vault_follow_merge

    vault_follow_merge(gone=gone, kept=kept, by=by)
    gone.delete()  # its record (SourceVerdictTally rows) goes with it
    kept.refresh_from_db()  # the tallies, counted in the database
    return kept


def _locked_claims_of(source_id: int, *, exclude: set[int]) -> list[Claim]:
    claims = Claim.objects.select_for_update(of=("self",)).select_related("article")
    attributed = Attribution.objects.filter(source_id=source_id).values("claim_id")
    return list(claims.filter(pk__in=attributed).exclude(pk__in=exclude).order_by("pk"))


def _merge_attribution(current: Claim, *, gone: Source, kept: Source, by: User) -> None:
    """Move ``current``'s attribution from ``gone`` to ``kept``; record it; count it."""
    moving = current.attributions.get(source=gone)
    staying = current.attributions.filter(source=kept).first()
    was = staying.sourcing if staying is not None else None
    if staying is None or _stronger(moving, staying):
        if staying is not None:
            staying.delete()  # before the move: one attribution per claim and source
        moving.source = kept
        moving.save(update_fields=["source"])
        level = moving.sourcing
    else:
        moving.delete()
        level = staying.sourcing
    save_claim(current)
    record(
        current,
        kind=ClaimEvent.Kind.SOURCE_MERGED,
        by=by,
        details={
            "source": gone.name,
            "source_id": gone.pk,
            "into": kept.name,
            "into_id": kept.pk,
            "sourcing": level,
        },
    )
    tallies.attribution_changed(current, kept.pk, old=was, new=level)


def _stronger(one: Attribution, other: Attribution) -> bool:
    return SOURCING_STRENGTH[one.sourcing] > SOURCING_STRENGTH[other.sourcing]


def outlet_find_or_create(name: str, *, domain: str = "") -> Outlet | None:
    """The outlet called ``name``, made on first sight; None for no name.

    The race: two imports from a new outlet at once; the unique name lets one
    insert win and the other reads its row.
    """
    name = " ".join(name.split())
    if not name:
        return None
    found = Outlet.objects.filter(name=name).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return Outlet.objects.create(name=name[:200], domain=domain)
    except IntegrityError:
        return Outlet.objects.get(name=name[:200])


@transaction.atomic
def outlet_save(*, outlet: Outlet, by: User) -> Outlet:
    """Store an outlet edited in the admin."""
    require(by, "claims.change_outlet" if outlet.pk else "claims.add_outlet", "edit outlets")
    outlet.name = " ".join(outlet.name.split())
    if not outlet.name:
        raise ClaimDeskError("Name the outlet.")
    outlet.save()
    return outlet
