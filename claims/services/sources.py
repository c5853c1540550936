"""Sources and outlets: found by name before anything new is made."""

from __future__ import annotations

import operator
from collections.abc import Iterable, Sequence
from functools import reduce
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from claims.errors import ClaimDeskError
from claims.models import SOURCE_DETAILS, Outlet, Source, source_name_key
from claims.services.timeline import require

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
    return source


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
