"""Claims: the list, and working one claim (edit, attribute, evidence, workflow)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render

from claims import services, workflow
from claims.exports import FORMATS
from claims.filters import SELECTION_MAX, ClaimFilter, filtered, query_without_page
from claims.forms import (
    AttributionChangeForm,
    AttributionForm,
    ClaimEditForm,
    EvidenceForm,
    RateForm,
    TransitionForm,
    active_users,
    labelled_errors,
)
from claims.models import NOTE_MAX, Attribution, Claim, Evidence, Status
from claims.spans import span_of_field
from claims.uploads import UploadRefused, evidence_content_type
from claims.views.common import IdsFirstPaginator, posted_version, reach_for, role_view
from claims.views.revisions import article_text_on
from claims.views.saved_views import menu_views
from desk.discussion import discussion_context

CLAIMS_PER_PAGE = 50


@role_view("claims.view_claim")
def claim_list(request: HttpRequest) -> HttpResponse:
    filterset = ClaimFilter(request.GET, queryset=Claim.objects.for_list())
    number = request.GET.get("page")
    paginator = IdsFirstPaginator(
        filtered(filterset),
        CLAIMS_PER_PAGE,
        reach=reach_for(number, CLAIMS_PER_PAGE),
        base=Claim.objects.for_list(),
    )
    query = query_without_page(request.GET)
    context = {
        "filter": filterset,
        "page": paginator.get_page(number),
        "query": query,
        "query_without_order": _without(request.GET, "page", "order"),
        "selection_max": SELECTION_MAX,
        "note_max": NOTE_MAX,
        # No sort asked for is the newest changes first ("-changed").
        "headers": sort_headers(request.GET.get("order") or "-changed"),
        "saved_views": menu_views(request.user),
        "can_assign": request.user.has_perm("claims.change_claim"),
        # The action bar's colleagues: one query, whatever the page.
        "colleagues": list(active_users()) if request.user.has_perm("claims.change_claim") else [],
        "statuses": Status.choices,
        "formats": list(FORMATS),
    }
    return render(request, "claims/claim_list.html", context)


def _without(params: QueryDict, *names: str) -> str:
    params = params.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


@dataclass(frozen=True)
class SortHeader:
    label: str
    order: str | None  # the ClaimOrdering choice this column sorts by, if any
    current: str  # "ascending", "descending" or "" (for aria-sort)
    next: str  # the choice a click asks for: this column, the other way if sorted


# The list's columns, each with the sort it offers (CLAIM_ORDERS).
COLUMNS = [
    ("#", None),
    ("Statement", None),
    ("Article", "article_date"),
    ("Sourcing", None),
    ("Status", "status"),
    ("Rating", "rating"),
    ("Assignee", None),
    ("Changed", "changed"),
]


def sort_headers(current: str) -> list[SortHeader]:
    headers = []
    for label, order in COLUMNS:
        direction = ""
        if order and current.lstrip("-") == order:
            direction = "descending" if current.startswith("-") else "ascending"
        flip = f"-{order}" if direction == "ascending" else order
        headers.append(SortHeader(label, order, direction, flip or ""))
    return headers


def checked_before(claim: Claim, user: Any) -> dict[str, Any]:
    from claims.views.claim_links import checked_before  # that module builds on this one

    return checked_before(claim, user)


def _claim(claim_id: int) -> Claim:
    queryset = Claim.objects.select_related(
        "article__outlet",
        "rating",
        "assignee",
        "created_by",
        "review_requested_by",
        "verdict_by",
        "span_revision",
    ).defer("span_revision__body")
    return get_object_or_404(queryset, pk=claim_id)


def _claim_page(
    request: HttpRequest, claim: Claim, status: int = 200, **forms: Any
) -> HttpResponse:
    user = request.user
    on = _parse_day(request.GET.get("on"))
    if request.GET.get("on") and on is None:
        messages.error(
            request,
            f"“{request.GET['on']}” is not a date (YYYY-MM-DD): showing the claim as it is now.",
        )
    context = {
        "claim": claim,
        "attributions": claim.attributions.select_related("source"),
        "evidence": claim.evidence.select_related("added_by"),
        # The events and the discussion, in time order.
        **discussion_context(claim, user),
        "on": on,
        **_as_it_stood(claim, on),
        "can_edit": user.has_perm("claims.change_claim"),
        "can_check_anchor": may_check_anchor(user, claim),
        "note_max": NOTE_MAX,
        # Published: sources are frozen; only a reviewer's reopen unfreezes them.
        "can_attribute": user.has_perm("claims.change_claim") and not claim.is_frozen,
        "can_add_evidence": user.has_perm("claims.add_evidence"),
        "can_rate": workflow.may_rate(user, claim.status),
        **_workflow_card(claim, user, forms.get("workflow_form")),
        # "Checked before?": links to other claims, similar claims, verdicts offered.
        **checked_before(claim, user),
        "edit_form": forms.get("edit_form") or ClaimEditForm(claim=claim),
        "attribution_form": forms.get("attribution_form")
        or AttributionForm(initial={"version": claim.version}),
        "evidence_form": forms.get("evidence_form") or EvidenceForm(),
        "rate_form": forms.get("rate_form")
        or RateForm(initial={"version": claim.version, "rating": claim.rating_id}),
    }
    return render(request, "claims/claim_detail.html", context, status=status)


def _as_it_stood(claim: Claim, on: date | None) -> dict[str, Any]:
    """The claim, and its article's text around its span, at the end of ``on``."""
    state = claim.state_on(on) if on else None
    return {"state_on": state, "text_on": article_text_on(claim, on) if state else None}


def may_check_anchor(user: Any, claim: Claim) -> bool:
    """Whether the claim page offers "Anchor checked" (claim_anchor_check's rules)."""
    if not claim.needs_anchor_check or not user.has_perm("claims.change_claim"):
        return False
    return not claim.is_frozen or user.has_perm("claims.review_claim")


def _workflow_card(claim: Claim, user: Any, form: TransitionForm | None) -> dict[str, Any]:
    """What the workflow card offers: the moves, and the fields they need, in one form."""
    moves = workflow.allowed_moves(claim, user)
    form = form or TransitionForm(initial={"version": claim.version}, user=user)
    return {
        "moves": moves,
        "withheld_moves": workflow.withheld_moves(claim, user),
        "workflow_form": form,
        # The verdict travels with the claim to review; publishing shows the one it publishes.
        "offers_verdict": any(
            move.target == Status.IN_REVIEW and workflow.may_rate_during(user, move)
            for move in moves
        ),
        "offers_publish": any(move.target == Status.PUBLISHED for move in moves),
        "offers_review": any(move.target == Status.IN_REVIEW for move in moves),
        "notes_required_by": [move.label for move in moves if move.note_required],
    }


def _parse_day(value: str | None) -> date | None:
    try:
        day = date.fromisoformat(value) if value else None
    except ValueError:
        return None
    # The last representable day has no "end of day" to compare with.
    return min(day, date.max - timedelta(days=1)) if day else None


@role_view("claims.view_claim", "claims.view_evidence", "claims.view_claimevent")
def claim_detail(request: HttpRequest, claim_id: int) -> HttpResponse:
    return _claim_page(request, _claim(claim_id))


def _refused(request: HttpRequest, claim: Claim, error: Exception, **forms: Any) -> HttpResponse:
    """Show the claim as it is now, the refusal, and the editor's input to reapply."""
    messages.error(request, str(error))
    fresh = _claim(claim.pk)
    for form in forms.values():
        if "version" in form.fields:
            # The editor has now seen what changed: a resubmit applies to the
            # current version, on purpose.
            form.data = form.data.copy()
            form.data["version"] = fresh.version
    return _claim_page(request, fresh, status=409 if _is_stale(error) else 400, **forms)


def _is_stale(error: Exception) -> bool:
    return isinstance(error, services.StaleVersion)


def _apply(
    request: HttpRequest, claim: Claim, write: Callable[[], Any], done: str, **forms: Any
) -> HttpResponse:
    try:
        # One write may call several services (the attribution form finds or
        # makes its source, then attributes): when a later one refuses, the
        # earlier ones are undone too, so a refused request leaves nothing.
        with transaction.atomic():
            write()
    except (services.ClaimDeskError, PermissionDenied) as error:
        return _refused(request, claim, error, **forms)
    messages.success(request, done)
    return redirect(claim)


@role_view("claims.view_claim", "claims.change_claim", methods=("POST",))
def claim_edit(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = _claim(claim_id)
    form = ClaimEditForm(request.POST, claim=claim)
    if not form.is_valid():
        return _claim_page(request, claim, status=400, edit_form=form)
    data = form.cleaned_data

    def write() -> None:
        services.claim_edit(
            claim=claim,
            by=request.user,
            version=data["version"],
            statement=data["statement"],
            kind=data["kind"],
            revisit_on=data["revisit_on"],
            assignee=data["assignee"],
        )

    return _apply(request, claim, write, "Saved.", edit_form=form)


@role_view("claims.view_claim", methods=("POST",))
def claim_transition(request: HttpRequest, claim_id: int) -> HttpResponse:
    """Workflow buttons; the service checks the role, the note and four eyes."""
    claim = _claim(claim_id)
    form = TransitionForm(request.POST, user=request.user)
    if not form.is_valid():
        # Say which field was wrong (a note past the limit, say), not just that one was.
        messages.error(request, f"Nothing changed: {'; '.join(labelled_errors(form))}")
        return redirect(claim)
    data = form.cleaned_data

    def write() -> None:
        services.claim_transition(
            claim=claim,
            to=data["to"],
            by=request.user,
            version=data["version"],
            note=data["note"],
            rating=data["rating"],
            reviewer=data["reviewer"],
        )

    done = f"Moved to {Status(data['to']).label}."
    return _apply(request, claim, write, done, workflow_form=form)


@role_view("claims.view_claim", "claims.research_claim", methods=("POST",))
def claim_rate(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = _claim(claim_id)
    form = RateForm(request.POST)
    if not form.is_valid():
        return _claim_page(request, claim, status=400, rate_form=form)
    data = form.cleaned_data

    def write() -> None:
        services.claim_rate(
            claim=claim,
            rating=data["rating"],
            by=request.user,
            version=data["version"],
            note=data["note"],
        )

    return _apply(request, claim, write, "Verdict recorded.", rate_form=form)


@role_view("claims.view_claim", "claims.change_claim", methods=("POST",))
def attribution_add(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = _claim(claim_id)
    form = AttributionForm(request.POST)
    if not form.is_valid():
        return _claim_page(request, claim, status=400, attribution_form=form)
    data = form.cleaned_data

    def write() -> None:
        body, near = claim.spans_text(), claim.start
        services.attribution_set(
            claim=claim,
            source=services.source_find_or_create(
                name=data["source_name"], kind=data["source_kind"], by=request.user
            ),
            sourcing=data["sourcing"],
            by=request.user,
            version=data["version"],
            mention=services.find_near(body, data["mention"], near),
            cue=services.find_near(body, data["cue"], near),
            descriptor=data["descriptor"],
            count=data["count"],
        )

    return _apply(request, claim, write, "Attribution saved.", attribution_form=form)


def _attribution(attribution_id: int) -> Attribution:
    queryset = Attribution.objects.select_related("source", "claim__article")
    return get_object_or_404(queryset, pk=attribution_id)


@role_view("claims.view_claim", "claims.change_claim", methods=("POST",))
def attribution_change(request: HttpRequest, attribution_id: int) -> HttpResponse:
    """Change how an attribution is sourced (anonymous → confirmed is an event)."""
    attribution = _attribution(attribution_id)
    claim = attribution.claim
    form = AttributionChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a sourcing level; nothing changed.")
        return redirect(claim)

    def write() -> None:
        services.attribution_set(
            claim=claim,
            source=attribution.source,
            sourcing=form.cleaned_data["sourcing"],
            by=request.user,
            version=form.cleaned_data["version"],
            mention=span_of_field(attribution, "mention"),
            cue=span_of_field(attribution, "cue"),
            descriptor=attribution.descriptor,
            count=attribution.count,
        )

    return _apply(request, claim, write, "Sourcing changed.")


@role_view("claims.view_claim", "claims.change_claim", methods=("POST",))
def attribution_remove(request: HttpRequest, attribution_id: int) -> HttpResponse:
    attribution = _attribution(attribution_id)
    claim = attribution.claim
    version = posted_version(request)

    def write() -> None:
        services.attribution_remove(attribution=attribution, by=request.user, version=version)

    return _apply(request, claim, write, f"{attribution.source} is no longer attributed.")


@role_view("claims.view_claim", "claims.add_evidence", methods=("POST",))
def evidence_add(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = _claim(claim_id)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return _claim_page(request, claim, status=400, evidence_form=form)
    data = form.cleaned_data

    def write() -> None:
        services.evidence_add(
            claim=claim,
            by=request.user,
            title=data["title"],
            stance=data["stance"],
            url=data["url"],
            file=data["file"],
            note=data["note"],
        )

    return _apply(request, claim, write, "Evidence added.", evidence_form=form)


@role_view("claims.view_evidence")
def evidence_file(request: HttpRequest, evidence_id: int) -> FileResponse:
    """Uploaded evidence, only ever through this permission check, as a download."""
    evidence = get_object_or_404(Evidence, pk=evidence_id)
    if not evidence.file:
        raise Http404("This evidence has no file.")
    try:
        content_type = evidence_content_type(evidence.file)
    except UploadRefused:
        content_type = "application/octet-stream"
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.file.name.rsplit("/", 1)[-1],
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
