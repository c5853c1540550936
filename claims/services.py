"""Every write to the claim desk.

Views, admin actions, tasks and management commands call these functions
and nothing else to change claims, so that each rule (permissions, the
workflow, four eyes, optimistic locking) holds wherever the change comes from,
and every change leaves an event on the claim's timeline in the same
transaction.

Each function refuses bad input by raising ``ClaimDeskError`` (or Django's
``PermissionDenied``) with a message meant for the person who asked; when it
raises, nothing has changed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from claims.models import (
    ATTRIBUTION_DETAILS,
    SOURCING_STRENGTH,
    Article,
    Attribution,
    Claim,
    ClaimEvent,
    Evidence,
    Outlet,
    Rating,
    Source,
    Sourcing,
    Status,
    body_hash,
    normalize_body,
)
from claims.uploads import UploadRefused, evidence_content_type


class ClaimDeskError(Exception):
    """A refused write; the message says why, for the person who asked."""


class InvalidSpan(ClaimDeskError):
    pass


class InvalidTransition(ClaimDeskError):
    pass


class StaleVersion(ClaimDeskError):
    """Refused: someone changed the claim since the version the writer had."""

    def __init__(self, message: str, changes: list[str]) -> None:
        super().__init__(message)
        self.changes = changes


# ---------------------------------------------------------------- the workflow


@dataclass(frozen=True)
class Transition:
    permission: str
    action: str
    note_required: bool = False


# (from, to) -> who may do it. Anything not listed is not a transition.
TRANSITIONS: dict[tuple[str, str], Transition] = {
    (Status.NEW, Status.RESEARCHING): Transition("claims.research_claim", "start research"),
    (Status.NEW, Status.NOT_CHECKABLE): Transition(
        "claims.research_claim", "mark a claim not checkable", note_required=True
    ),
    (Status.RESEARCHING, Status.IN_REVIEW): Transition(
        "claims.research_claim", "send a claim to review"
    ),
    (Status.RESEARCHING, Status.NOT_CHECKABLE): Transition(
        "claims.research_claim", "mark a claim not checkable", note_required=True
    ),
    (Status.IN_REVIEW, Status.PUBLISHED): Transition("claims.publish_claim", "publish a verdict"),
    (Status.IN_REVIEW, Status.RESEARCHING): Transition(
        "claims.review_claim", "send a claim back", note_required=True
    ),
    (Status.PUBLISHED, Status.RESEARCHING): Transition(
        "claims.review_claim", "reopen a published claim", note_required=True
    ),
    (Status.NOT_CHECKABLE, Status.RESEARCHING): Transition(
        "claims.review_claim", "reopen a claim", note_required=True
    ),
}


def allowed_transitions(*, claim: Claim, user: Any) -> list[str]:
    """The statuses ``user`` may move ``claim`` to now (for buttons and actions)."""
    return [
        to
        for (frm, to), rule in TRANSITIONS.items()
        if frm == claim.status and user.has_perm(rule.permission)
    ]


def _require(user: Any, perm: str, action: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied(f"You do not have permission to {action}.")


def _require_note(note: str, why: str) -> str:
    note = note.strip()
    if not note:
        raise ClaimDeskError(f"A note is required {why}.")
    return note


def _save_claim(claim: Claim, *, version: int, **changes: Any) -> None:
    """Write ``changes`` to the claim if nobody has changed it since ``version``.

    The race: two people open version 3, both save. The conditional UPDATE
    lets exactly one of them through (the other waits for the row lock, then
    matches no row) and is told who got there first; the surrounding
    transaction is rolled back. The claim object is then refreshed from the
    row, so the event written next records what is stored, not what the
    caller's copy believed.
    """
    updated = Claim.objects.filter(pk=claim.pk, version=version).update(
        **changes, updated_at=timezone.now(), version=F("version") + 1
    )
    if updated != 1:
        raise _stale_version_error(claim, version)
    claim.refresh_from_db(fields=PROJECTION)


# The columns services maintain; refreshed after every write.
PROJECTION = [
    "status",
    "rating",
    "sourcing",
    "review_requested_by",
    "assignee",
    "statement",
    "kind",
    "revisit_on",
    "updated_at",
    "version",
]


def _check_version(claim: Claim, version: int) -> None:
    """Refuse ``version`` if it is no longer current, for a write that changes nothing."""
    if not Claim.objects.filter(pk=claim.pk, version=version).exists():
        raise _stale_version_error(claim, version)


def _stale_version_error(claim: Claim, version: int) -> StaleVersion:
    """A refusal that says who changed the claim since ``version``, and how."""
    newer = (
        claim.events.filter(claim_version__gt=version)
        .select_related("actor", "from_rating", "to_rating")
        .order_by("at", "id")
    )
    changes = [
        f"{event.actor or 'the system'}: {'; '.join(event.changes()) or event.get_kind_display()}"
        for event in newer
    ]
    who = ", ".join(sorted({str(event.actor) for event in newer if event.actor}))
    return StaleVersion(
        f"This claim was changed{f' by {who}' if who else ''} after you opened it "
        f"(version {version}). Nothing was saved. Since then: {' / '.join(changes) or 'an edit'}.",
        changes,
    )


def _record(
    claim: Claim, *, kind: str, by: Any, from_status: str | None = None, **fields: Any
) -> ClaimEvent:
    """Append an event that leaves the claim in its current (projected) state."""
    return ClaimEvent.objects.create(
        claim=claim,
        actor=by,
        kind=kind,
        from_status=claim.status if from_status is None else from_status,
        to_status=claim.status,
        from_rating=fields.pop("from_rating", claim.rating),
        to_rating=claim.rating,
        claim_version=claim.version,
        **fields,
    )


@transaction.atomic
def claim_transition(
    *,
    claim: Claim,
    to: str,
    by: Any,
    version: int,
    note: str = "",
    rating: Rating | None = None,
) -> Claim:
    """Move ``claim`` to status ``to``: the one door of the workflow.

    Checks, in order: the status exists and the move is in the transition
    table, ``by`` holds the move's permission, the note the move needs, the
    rating publishing needs, the four-eyes rule, and ``version``. Then the
    event is written and the claim's projection updated, together.
    """
    new_rating = rating if rating is not None else claim.rating
    note = _check_transition(claim, to=to, by=by, note=note, rating=new_rating)
    from_status, from_rating = claim.status, claim.rating
    changes: dict[str, Any] = {"status": to, "rating": new_rating}
    if to == Status.IN_REVIEW:
        changes["review_requested_by"] = by
    _save_claim(claim, version=version, **changes)
    _record(
        claim,
        kind=ClaimEvent.Kind.STATUS_CHANGED,
        by=by,
        from_status=from_status,
        from_rating=from_rating,
        note=note,
    )
    return claim


def _check_transition(claim: Claim, *, to: str, by: Any, note: str, rating: Rating | None) -> str:
    """Refuse a move the workflow does not allow; return the cleaned note."""
    if to not in Status.values:
        raise InvalidTransition(f"“{to}” is not a claim status.")
    rule = TRANSITIONS.get((claim.status, to))
    if rule is None:
        raise InvalidTransition(
            f"A claim cannot go from {Status(claim.status).label} to {Status(to).label}."
        )
    _require(by, rule.permission, rule.action)
    if rule.note_required:
        note = _require_note(note, f"to {rule.action}")
    if rating != claim.rating:
        note = _require_note(note, "when a verdict is set or changed")
    if to == Status.PUBLISHED:
        _check_publishable(claim, rating=rating, by=by)
    return note.strip()


def _check_publishable(claim: Claim, *, rating: Rating | None, by: Any) -> None:
    if rating is None:
        raise ClaimDeskError("Publishing needs a rating: choose the verdict first.")
    if rating != claim.rating:
        # Otherwise the verdict that goes out would be one nobody else saw.
        raise PermissionDenied(
            "Four eyes: publishing cannot change the verdict. Change the rating first; "
            "another reviewer then publishes it."
        )
    if claim.review_requested_by_id is not None and claim.review_requested_by_id == by.pk:
        raise PermissionDenied(
            "Four eyes: you sent this claim to review or set its verdict, so another "
            "reviewer must publish it."
        )


@transaction.atomic
def claim_rate(*, claim: Claim, rating: Rating | None, by: Any, version: int, note: str) -> Claim:
    """Propose (or withdraw) a verdict while the claim is being worked on."""
    _require(by, "claims.research_claim", "propose a verdict")
    if claim.status not in (Status.RESEARCHING, Status.IN_REVIEW):
        raise InvalidTransition(
            "A verdict can be proposed only while the claim is researched or in review."
        )
    if claim.status == Status.IN_REVIEW and not by.has_perm("claims.publish_claim"):
        raise PermissionDenied("Only a reviewer can change the verdict of a claim in review.")
    if rating == claim.rating:
        raise ClaimDeskError("The claim already has that rating.")
    note = _require_note(note, "when a verdict is set or changed")
    from_rating = claim.rating
    changes: dict[str, Any] = {"rating": rating}
    if claim.status == Status.IN_REVIEW:
        # The reviewer who changes a verdict in review is now its author:
        # four eyes means someone else publishes it.
        changes["review_requested_by"] = by
    _save_claim(claim, version=version, **changes)
    _record(claim, kind=ClaimEvent.Kind.RATING_CHANGED, by=by, from_rating=from_rating, note=note)
    return claim


# ------------------------------------------------------------- claims and spans


def check_span(body: str, start: int, end: int, text: str, what: str) -> None:
    """Refuse a span outside ``body`` or whose text is not ``text``."""
    if not (0 <= start < end <= len(body)):
        raise InvalidSpan(
            f"The {what} span [{start}, {end}) lies outside the article body "
            f"(0 to {len(body)} characters)."
        )
    if body[start:end] != text:
        raise InvalidSpan(
            f"The {what} does not match the article at [{start}, {end}): the article has "
            f"“{body[start:end][:80]}”, not “{text[:80]}”."
        )


@transaction.atomic
def claim_create(
    *,
    article: Article,
    start: int,
    end: int,
    quote: str,
    by: Any,
    statement: str = "",
    kind: str = Claim.Kind.FACTUAL,
) -> Claim:
    """Make a claim from a span of ``article``'s body; ``quote`` must be that span."""
    _require(by, "claims.add_claim", "create claims")
    quote = unicodedata.normalize("NFC", quote)
    check_span(article.body, start, end, quote, "quote")
    if kind not in Claim.Kind.values:
        raise ClaimDeskError(f"“{kind}” is not a kind of claim.")
    claim = Claim.objects.create(
        article=article,
        start=start,
        end=end,
        quote=quote,
        statement=statement.strip() or quote,
        kind=kind,
        created_by=by,
    )
    _record(
        claim,
        kind=ClaimEvent.Kind.CREATED,
        by=by,
        from_status="",
        details={"statement": claim.statement, "kind": claim.kind},
    )
    return claim


EDITABLE_FIELDS = ("statement", "kind", "revisit_on")


@transaction.atomic
def claim_update(*, claim: Claim, by: Any, version: int, **changes: Any) -> Claim:
    """Edit the statement, kind or revisit date; the timeline keeps old and new."""
    _require(by, "claims.change_claim", "edit claims")
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ClaimDeskError(f"These fields cannot be edited here: {', '.join(sorted(unknown))}.")
    if "statement" in changes:
        changes["statement"] = changes["statement"].strip()
        if not changes["statement"]:
            raise ClaimDeskError("The statement cannot be empty.")
    if "kind" in changes and changes["kind"] not in Claim.Kind.values:
        raise ClaimDeskError(f"“{changes['kind']}” is not a kind of claim.")
    diff = {
        field: [_plain(getattr(claim, field)), _plain(value)]
        for field, value in changes.items()
        if getattr(claim, field) != value
    }
    if not diff:
        _check_version(claim, version)
        return claim
    _save_claim(claim, version=version, **{f: changes[f] for f in diff})
    _record(claim, kind=ClaimEvent.Kind.EDITED, by=by, details={"changed": diff})
    return claim


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


@transaction.atomic
def claim_assign(*, claim: Claim, assignee: Any, by: Any, version: int) -> Claim:
    _require(by, "claims.change_claim", "assign claims")
    if assignee is not None and not assignee.is_active:
        raise ClaimDeskError(f"{assignee} is not an active user.")
    if claim.assignee_id == (assignee.pk if assignee else None):
        _check_version(claim, version)
        return claim
    previous = str(claim.assignee) if claim.assignee_id else None
    _save_claim(claim, version=version, assignee=assignee)
    _record(
        claim,
        kind=ClaimEvent.Kind.ASSIGNED,
        by=by,
        details={"from": previous, "to": str(assignee) if assignee else None},
    )
    return claim


@transaction.atomic
def claim_edit(
    *,
    claim: Claim,
    by: Any,
    version: int,
    statement: str,
    kind: str,
    revisit_on: date | None,
    assignee: Any,
) -> Claim:
    """The claim page's edit form: its fields and assignee, all or nothing."""
    claim_update(
        claim=claim, by=by, version=version, statement=statement, kind=kind, revisit_on=revisit_on
    )
    return claim_assign(claim=claim, assignee=assignee, by=by, version=claim.version)


# ---------------------------------------------------------------- attributions


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@transaction.atomic
def attribution_set(
    *,
    claim: Claim,
    source: Source,
    sourcing: str,
    by: Any,
    version: int,
    mention: Span | None = None,
    cue: Span | None = None,
    descriptor: str = "",
    count: int | None = None,
) -> Attribution:
    """Attribute ``claim`` to ``source``, or change how that attribution is sourced.

    One attribution per claim and source: setting it again updates it, and a
    change of sourcing (anonymous → confirmed, say) is an event on the
    timeline.
    """
    _require(by, "claims.change_claim", "attribute claims")
    if sourcing not in SOURCING_STRENGTH or sourcing == Sourcing.UNATTRIBUTED:
        raise ClaimDeskError(f"“{sourcing}” is not a sourcing level (confirmed, named, anonymous).")
    body = claim.article.body
    for span, what in ((mention, "mention"), (cue, "cue")):
        if span is not None:
            check_span(body, span.start, span.end, unicodedata.normalize("NFC", span.text), what)
    if count is not None and count < 1:
        raise ClaimDeskError("The number of anonymous sources must be at least 1.")

    existing = claim.attributions.filter(source=source).first()
    previous = existing.sourcing if existing else None
    attribution = existing or Attribution(claim=claim, source=source)
    before = _attribution_values(attribution)
    attribution.sourcing = sourcing
    _apply_span(attribution, "mention", mention)
    _apply_span(attribution, "cue", cue)
    attribution.descriptor = descriptor.strip()
    attribution.count = count
    if existing and _attribution_values(attribution) == before:
        _check_version(claim, version)
        return attribution
    # Claim the row before writing the attribution: two editors adding the
    # same source at once then meet a clear stale-version refusal here, not
    # a unique-constraint error below.
    _save_claim(claim, version=version)
    attribution.save()
    _after_attribution_change(claim, by=by, source=source, old=previous, new=sourcing)
    return attribution


def _attribution_values(attribution: Attribution) -> tuple:
    return tuple(getattr(attribution, name) for name in ATTRIBUTION_DETAILS)


def _apply_span(attribution: Attribution, name: str, span: Span | None) -> None:
    setattr(attribution, name, span.text if span else "")
    setattr(attribution, f"{name}_start", span.start if span else None)
    setattr(attribution, f"{name}_end", span.end if span else None)


@transaction.atomic
def attribution_remove(*, attribution: Attribution, by: Any, version: int) -> None:
    _require(by, "claims.change_claim", "change attributions")
    claim, source, previous = attribution.claim, attribution.source, attribution.sourcing
    _save_claim(claim, version=version)
    attribution.delete()
    _after_attribution_change(claim, by=by, source=source, old=previous, new=None)


def _after_attribution_change(
    claim: Claim, *, by: Any, source: Source, old: str | None, new: str | None
) -> None:
    """Refresh the claim's strongest sourcing and record what changed.

    Runs after ``_save_claim`` has taken the claim's row, so no other write
    can slip in between.
    """
    levels = claim.attributions.values_list("sourcing", flat=True)
    strongest = max(levels, key=SOURCING_STRENGTH.__getitem__, default=Sourcing.UNATTRIBUTED)
    Claim.objects.filter(pk=claim.pk).update(sourcing=strongest)
    claim.sourcing = strongest
    _record(
        claim,
        kind=ClaimEvent.Kind.SOURCING_CHANGED,
        by=by,
        details={"source": source.name, "source_id": source.pk, "from": old, "to": new},
    )


# -------------------------------------------------------------------- evidence


@transaction.atomic
def evidence_add(
    *,
    claim: Claim,
    by: Any,
    title: str,
    stance: str = Evidence.Stance.CONTEXT,
    url: str = "",
    file: UploadedFile | None = None,
    note: str = "",
) -> Evidence:
    """Attach evidence. It does not bump the claim's version: adding is never a lost update."""
    _require(by, "claims.add_evidence", "add evidence")
    if not title.strip():
        raise ClaimDeskError("Evidence needs a title.")
    if not url.strip() and file is None:
        raise ClaimDeskError("Evidence needs a URL or a file.")
    if stance not in Evidence.Stance.values:
        raise ClaimDeskError(f"“{stance}” is not a stance (supports, refutes, context).")
    url = checked_url(url)
    if file is not None:
        try:
            evidence_content_type(file)
        except UploadRefused as error:
            raise ClaimDeskError(str(error)) from None
    # Lock the row and read its state: the event records the claim as stored,
    # whatever the caller's copy says, and no transition can interleave.
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    evidence = Evidence(
        claim=claim, url=url, title=title.strip(), stance=stance, note=note, added_by=by
    )
    if file is not None:
        evidence.file.save(file.name, file, save=False)
    evidence.save()
    Claim.objects.filter(pk=claim.pk).update(updated_at=timezone.now())
    _record(
        claim,
        kind=ClaimEvent.Kind.EVIDENCE_ADDED,
        by=by,
        details={"evidence_id": evidence.pk, "title": evidence.title, "stance": stance},
    )
    return evidence


# -------------------------------------------------------------------- articles


@dataclass(frozen=True)
class ArticleImport:
    article: Article
    created: bool


@transaction.atomic
def article_create(
    *,
    body: str,
    by: Any,
    title: str = "",
    outlet: Outlet | None = None,
    url: str = "",
    byline: str = "",
    published_on: date | None = None,
    language: str = "en",
) -> ArticleImport:
    """Store an article, its body normalised once; the same text twice is one article.

    ``by`` is None for the system itself (an operator's management command).
    """
    if by is not None:
        _require(by, "claims.add_article", "add articles")
    body = normalize_body(body)
    if not body:
        raise ClaimDeskError("The article has no text.")
    digest = body_hash(body)
    existing = Article.objects.filter(body_hash=digest).first()
    if existing is not None:
        return ArticleImport(article=existing, created=False)
    url = checked_url(url) or None
    if url and Article.objects.filter(url=url).exists():
        raise ClaimDeskError(f"Another article was already imported from {url}.")
    article = Article.objects.create(
        body=body,
        body_hash=digest,
        title=title.strip() or headline_from_body(body),
        outlet=outlet,
        url=url,
        byline=byline.strip(),
        published_on=published_on,
        language=language,
        created_by=by,
    )
    from claims.tasks import suggest_claims  # tasks import the services

    transaction.on_commit(lambda: suggest_claims.delay(article.pk))
    return ArticleImport(article=article, created=True)


def checked_url(url: str) -> str:
    """An http(s) URL or "", so that nothing else ever becomes a link."""
    url = url.strip()
    if not url:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ClaimDeskError(f"“{url[:100]}” is not an http(s) URL.") from None
    return url


def headline_from_body(body: str, limit: int = 120) -> str:
    """A working title for text imported without one: its first sentence, cut at a word."""
    first_line = body.split("\n", 1)[0]
    sentence = first_line.split(". ", 1)[0].rstrip(".")
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0] + "…"


# --------------------------------------------------------------------- sources


def source_find_or_create(*, name: str, kind: str, by: Any) -> Source:
    """The source called ``name`` (or known by it as an alias), else a new one."""
    name = " ".join(name.split())
    if not name:
        raise ClaimDeskError("Name the source.")
    found = Source.objects.filter(name__iexact=name).first() or _source_by_alias(name)
    if found is not None:
        return found
    _require(by, "claims.add_source", "add sources")
    if kind not in Source.Kind.values:
        raise ClaimDeskError(f"“{kind}” is not a kind of source.")
    return Source.objects.create(name=name, kind=kind)


def _source_by_alias(name: str) -> Source | None:
    lowered = name.lower()
    for source in Source.objects.filter(aliases__icontains=name):
        if lowered in (alias.lower() for alias in source.alias_list()):
            return source
    return None


# ------------------------------------------------------------ capturing claims


@dataclass(frozen=True)
class AttributionInput:
    source_name: str
    source_kind: str
    sourcing: str
    mention: Span | None = None
    cue: Span | None = None
    descriptor: str = ""
    count: int | None = None


@transaction.atomic
def claim_capture(
    *,
    article: Article,
    span: Span,
    by: Any,
    statement: str = "",
    kind: str = Claim.Kind.FACTUAL,
    attribution: AttributionInput | None = None,
) -> Claim:
    """The capture panel's save: a claim from a span, with its attribution, together."""
    claim = claim_create(
        article=article,
        start=span.start,
        end=span.end,
        quote=span.text,
        by=by,
        statement=statement,
        kind=kind,
    )
    if attribution is not None:
        source = source_find_or_create(
            name=attribution.source_name, kind=attribution.source_kind, by=by
        )
        attribution_set(
            claim=claim,
            source=source,
            sourcing=attribution.sourcing,
            by=by,
            version=claim.version,
            mention=attribution.mention,
            cue=attribution.cue,
            descriptor=attribution.descriptor,
            count=attribution.count,
        )
    return claim


def find_near(body: str, text: str, position: int) -> Span | None:
    """The occurrence of ``text`` in ``body`` closest to ``position``, as a span.

    Lets an editor name a mention or cue ("He", "said") by its words on the
    claim page, where there is no selection to take offsets from.
    """
    text = unicodedata.normalize("NFC", text.strip())
    if not text:
        return None
    starts, at = [], body.find(text)
    while at != -1:
        starts.append(at)
        at = body.find(text, at + 1)
    if not starts:
        raise InvalidSpan(f"“{text[:80]}” does not occur in the article.")
    start = min(starts, key=lambda candidate: abs(candidate - position))
    return Span(start, start + len(text), text)
