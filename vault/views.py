"""The vault's pages: members only, every read and change logged.

Membership is checked before anything is looked up, so that everyone else
gets the same 403 for every source, with a record or without: the refusal
says nothing about what the vault holds.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from claims.errors import ClaimDeskError
from claims.models import Source
from claims.views.common import page
from vault import services
from vault.access import require_vault_member
from vault.crypto import VaultUnavailable
from vault.forms import ReasonForm, RecordForm
from vault.models import VaultRecord

View = Callable[..., HttpResponse]
ACCESSES_PER_PAGE = 50


def vault_view(*methods: str) -> Callable[[View], View]:
    """Login, then membership of the vault's group, then the allowed methods."""

    def decorate(view: View) -> View:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            require_vault_member(request.user)
            try:
                return view(request, *args, **kwargs)
            except VaultUnavailable as error:
                return render(request, "vault/unavailable.html", {"error": error}, status=503)

        return login_required(require_http_methods(list(methods))(checked))

    return decorate


def _record_of(source: Source) -> VaultRecord | None:
    """The record without its tokens: the pages decrypt only through the services."""
    records = VaultRecord.objects.select_related("verified_by").filter(source=source)
    return records.defer("identity_token", "verification_token").first()


def _record_page(
    request: HttpRequest, source: Source, *, status: int = 200, **context: Any
) -> HttpResponse:
    record = _record_of(source)
    accesses = record.accesses.select_related("by").order_by("-at", "-id") if record else []
    context = {
        "source": source,
        "record": record,
        "eligible": services.vault_eligible(source),
        "accesses": page(request, accesses, ACCESSES_PER_PAGE) if record else None,
        "reason_form": context.pop("reason_form", None) or ReasonForm(),
        **context,
    }
    return render(request, "vault/record.html", context, status=status)


@vault_view("GET", "HEAD")
def record_page(request: HttpRequest, source_id: int) -> HttpResponse:
    """Who verified the source and when, the access log, and a form to open it.

    Decrypts nothing, so it is not a read of the record and logs nothing.
    """
    return _record_page(request, get_object_or_404(Source, pk=source_id))


@vault_view("POST")
def record_open(request: HttpRequest, source_id: int) -> HttpResponse:
    """The identity, shown once in this response, for a reason (logged)."""
    source = get_object_or_404(Source, pk=source_id)
    record = get_object_or_404(VaultRecord, source=source)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _record_page(request, source, status=400, reason_form=form)
    try:
        revealed = services.vault_record_open(
            record=record, by=request.user, reason=form.cleaned_data["reason"]
        )
    except ClaimDeskError as error:
        form.add_error("reason", str(error))
        return _record_page(request, source, status=400, reason_form=form)
    return _record_page(request, source, revealed=revealed)


@vault_view("GET", "HEAD", "POST")
def record_edit(request: HttpRequest, source_id: int) -> HttpResponse:
    """Create the source's record, or change it (empty secrets are kept)."""
    source = get_object_or_404(Source, pk=source_id)
    record = _record_of(source)
    if request.method != "POST":
        initial = _initial(record, request.user)
        form = RecordForm(initial=initial, changing=record is not None)
        return _edit_page(request, source, record, form)
    form = RecordForm(request.POST, changing=record is not None)
    if not form.is_valid():
        return _edit_page(request, source, record, form, status=400)
    try:
        _save(source, record, by=request.user, **form.cleaned_data)
    except ClaimDeskError as error:
        form.add_error(None, str(error))
        return _edit_page(request, source, record, form, status=400)
    messages.success(request, "Vault record saved.")
    return redirect("vault:record", source.pk)


def _initial(record: VaultRecord | None, user: Any) -> dict[str, Any]:
    if record is None:
        return {"verified_by": user.pk}
    return {"verified_by": record.verified_by_id, "verified_on": record.verified_on}


def _save(source: Source, record: VaultRecord | None, **data: Any) -> VaultRecord:
    if record is None:
        return services.vault_record_create(source=source, **data)
    return services.vault_record_change(record=record, **data)


def _edit_page(
    request: HttpRequest,
    source: Source,
    record: VaultRecord | None,
    form: RecordForm,
    status: int = 200,
) -> HttpResponse:
    context = {"source": source, "record": record, "form": form}
    return render(request, "vault/edit.html", context, status=status)
