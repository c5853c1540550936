"""The review desk: the Django admin, set up for senior editors.

Every change a form here makes to a claim goes through ``claims.services``,
so the workflow, four eyes, permissions, optimistic locking and the
timeline hold in the admin exactly as in the app.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.views.main import PAGE_VAR
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.utils.text import Truncator

from claims import services, workflow
from claims.exports import FORMATS, streaming_response
from claims.models import (
    ATTRIBUTION_DETAILS,
    SOURCING_FILTERS,
    Article,
    Attribution,
    Claim,
    ClaimEvent,
    Evidence,
    Outlet,
    Rating,
    Source,
    Status,
)
from claims.search import SEARCH_MAX_CHARS, claims_matching
from claims.services.tallies import lock_sources_for
from claims.spans import span_from
from claims.views.common import IdsFirstPaginator, reach_for

# Above this many rows an unfiltered changelist shows PostgreSQL's estimate
# instead of counting every row: COUNT(*) over a million claims takes seconds.
ESTIMATE_COUNTS_ABOVE = 100_000
# A filtered or searched changelist counts its rows up to this many (as the
# app's lists do), then says "more than".
COUNT_FILTERED_UP_TO = 10_000
# Each claim in a bulk action is checked and written on its own, and listed on
# the confirmation page: keep both of a size a person can read.
MAX_CLAIMS_PER_ACTION = 500


def counts_whole_table(queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor == "postgresql" and not queryset.query.where


def whole_table_count(queryset: QuerySet) -> tuple[int, bool]:
    """The table's rows, and whether that is PostgreSQL's estimate.

    One query at every size: the planner's estimate for a big table, an exact
    COUNT(*) (skipped by PostgreSQL otherwise) for a small one.
    """
    connection = connections[queryset.db]
    table = connection.ops.quote_name(queryset.model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT CASE WHEN reltuples > %s THEN reltuples::bigint"
            f" ELSE (SELECT COUNT(*) FROM {table}) END, reltuples > %s"
            " FROM pg_class WHERE oid = %s::regclass",
            [ESTIMATE_COUNTS_ABOVE, ESTIMATE_COUNTS_ABOVE, queryset.model._meta.db_table],
        )
        return cursor.fetchone()


class EstimatedCountPaginator(Paginator):
    """A paginator that avoids a full COUNT(*) on big tables: an estimate when
    unfiltered, a count up to ``COUNT_FILTERED_UP_TO`` when filtered or searched
    (``capped`` then says the list goes on; the pagination template says so)."""

    capped = False

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if connections[queryset.db].vendor != "postgresql":
            return super().count
        if queryset.query.where:
            # A common word matches a quarter of a million claims: counting them
            # all would take longer than finding the page.
            counted = queryset.order_by().values("pk")[: COUNT_FILTERED_UP_TO + 1].count()
            self.capped = counted > COUNT_FILTERED_UP_TO
            return min(counted, COUNT_FILTERED_UP_TO)
        return whole_table_count(queryset)[0]


class ChangelistPaginator(IdsFirstPaginator):
    """The claims changelist's: the table's estimate unfiltered, else a capped count.

    A filtered list ("in review", "any anonymous source") is counted only up
    to ``COUNT_AHEAD`` rows past the page, as in the app: an exact total would
    grow with the table. The page's template says which it shows.
    """

    estimated = False

    @cached_property
    def count(self) -> int:
        if not counts_whole_table(self.object_list):
            return super().count
        total, self.estimated = whole_table_count(self.object_list)
        return total


class SaveRefused(Exception):
    """A service refused part of an admin save; the whole save is undone."""


@contextmanager
def refusals_undo_the_save() -> Iterator[None]:
    try:
        yield
    except (services.ClaimDeskError, PermissionDenied) as error:
        raise SaveRefused(str(error)) from error


class RefusalsAsMessages:
    """Admin saves go through the services; a refusal undoes the whole save and is shown.

    The admin runs a save (the object and its inlines) in one transaction; a
    refusal raised out of it rolls back every step already written.
    """

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except SaveRefused as refusal:
            messages.error(request, f"Nothing was saved: {refusal}")
            return HttpResponseRedirect(request.get_full_path())


class BoundedSearch:
    """The admin's search box refuses a term longer than anyone types, as the app's do."""

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        if len(search_term) > SEARCH_MAX_CHARS:
            message = f"Nothing found: search for at most {SEARCH_MAX_CHARS} characters."
            self.message_user(request, message, messages.WARNING)
            return queryset.none(), False
        return self.search(request, queryset, search_term)

    def search(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        """The search itself, and whether it may list a row twice: the admin's own
        (``search_fields``) unless a model's admin says otherwise."""
        return super().get_search_results(request, queryset, search_term)


class CheckedSelection:
    """An action on a selection that is not a list of ids is refused, not a server error.

    The admin filters by the posted ids as they come; one that is not a number
    (only a tampered form sends one) would fail deep in the query.
    """

    def response_action(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        try:
            for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
                self.model._meta.pk.to_python(value)
        except ValidationError:
            message = "The selection was not understood; nothing was done."
            self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)


class DeskModelAdmin(CheckedSelection, BoundedSearch, RefusalsAsMessages, admin.ModelAdmin):
    """What every model admin here shares: checked selections, bounded search, and
    service refusals shown as messages."""


@admin.register(Outlet)
class OutletAdmin(DeskModelAdmin):
    list_display = ["name", "domain"]
    search_fields = ["name", "domain"]

    def save_model(self, request: HttpRequest, obj: Outlet, form: Any, change: bool) -> None:
        with refusals_undo_the_save():
            services.outlet_save(outlet=obj, by=request.user)


@admin.register(Article)
class ArticleAdmin(DeskModelAdmin):
    form = forms.modelform_factory(Article, exclude=["body_hash"], widgets={"body": forms.Textarea})
    list_display = ["title", "outlet", "published_on", "claims", "created_at"]
    list_filter = ["outlet", ("published_on", admin.DateFieldListFilter)]
    search_fields = ["title", "url", "byline"]
    list_select_related = ["outlet", "tally"]
    show_full_result_count = False
    date_hierarchy = None

    @admin.display(description="claims", ordering="tally__claim_count")
    def claims(self, article: Article) -> int:
        return article.tally.claim_count if hasattr(article, "tally") else 0

    def get_readonly_fields(self, request: HttpRequest, obj: Article | None = None) -> list[str]:
        # Claims point into the body by offset: once stored it never changes.
        return ["body", "created_by", "created_at"] if obj else []

    def get_exclude(self, request: HttpRequest, obj: Article | None = None) -> list[str]:
        return [] if obj else ["created_by"]

    def save_model(self, request: HttpRequest, obj: Article, form: Any, change: bool) -> None:
        if change:
            with refusals_undo_the_save():
                services.article_update(article=obj, by=request.user)
            return
        data = form.cleaned_data
        result = services.article_create(
            body=data["body"],
            by=request.user,
            title=data["title"],
            outlet=data["outlet"],
            url=data["url"] or "",
            byline=data["byline"],
            published_on=data["published_on"],
            language=data["language"],
        )
        obj.pk = result.article.pk
        if not result.created:
            messages.warning(request, "This text was already imported; showing that article.")


@admin.register(Source)
class SourceAdmin(DeskModelAdmin):
    list_display = ["name", "kind", "role", "affiliation"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases", "role", "affiliation"]
    form = forms.modelform_factory(
        Source, fields="__all__", widgets={"aliases": forms.Textarea, "notes": forms.Textarea}
    )

    def save_model(self, request: HttpRequest, obj: Source, form: Any, change: bool) -> None:
        with refusals_undo_the_save():
            services.source_save(source=obj, by=request.user)


@admin.register(Rating)
class RatingAdmin(DeskModelAdmin):
    list_display = ["name", "value", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request: HttpRequest, obj: Rating, form: Any, change: bool) -> None:
        with refusals_undo_the_save():
            services.rating_save(rating=obj, by=request.user)


class SourcingFilter(admin.SimpleListFilter):
    title = "sourcing"
    parameter_name = "sourcing"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return SOURCING_FILTERS

    def queryset(self, request: HttpRequest, queryset: QuerySet[Claim]) -> QuerySet[Claim]:
        return queryset.with_sourcing(self.value()) if self.value() else queryset


class OutletFilter(admin.SimpleListFilter):
    """By the claim's copy of its article's outlet: one index, no join to the articles."""

    title = "outlet"
    # The parameter of the related-field filter this replaces: saved links keep working.
    parameter_name = "article__outlet__id__exact"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(str(pk), name) for pk, name in Outlet.objects.values_list("pk", "name")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Claim]) -> QuerySet[Claim]:
        value = self.value()
        if not value:
            return queryset
        return queryset.filter(outlet_id=value) if value.isdigit() else queryset.none()


class AttributionInlineForm(forms.ModelForm):
    class Meta:
        model = Attribution
        fields = ["source", *ATTRIBUTION_DETAILS]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        body = self.instance.claim.article.body if self.instance.claim_id else ""
        for name in ("mention", "cue"):
            self.check_span(body, name, data)
        return data

    def check_span(self, body: str, name: str, data: dict[str, Any]) -> None:
        start, end = data.get(f"{name}_start"), data.get(f"{name}_end")
        if start is None and end is None:
            if data.get(name):
                raise ValidationError(f"Give the {name}'s start and end offsets in the article.")
            return
        if start is None or end is None:
            raise ValidationError(f"Give both the start and the end of the {name}, or neither.")
        try:
            services.check_span(body, start, end, data.get(name, ""), name)
        except services.InvalidSpan as error:
            raise ValidationError(str(error)) from None


class ClaimBoundFormSet(BaseInlineFormSet):
    """Gives each inline form its claim before validation, for span checks."""

    def _construct_form(self, i: int, **kwargs: Any) -> forms.Form:
        form = super()._construct_form(i, **kwargs)
        form.instance.claim = self.instance
        return form


class AttributionInline(admin.TabularInline):
    model = Attribution
    form = AttributionInlineForm
    formset = ClaimBoundFormSet
    autocomplete_fields = ["source"]
    extra = 0

    # A published claim's sources are frozen: shown, not offered for editing.
    def has_add_permission(self, request: HttpRequest, obj: Claim | None = None) -> bool:
        return super().has_add_permission(request, obj) and not (obj and obj.is_frozen)

    def has_change_permission(self, request: HttpRequest, obj: Claim | None = None) -> bool:
        return super().has_change_permission(request, obj) and not (obj and obj.is_frozen)

    def has_delete_permission(self, request: HttpRequest, obj: Claim | None = None) -> bool:
        return super().has_delete_permission(request, obj) and not (obj and obj.is_frozen)


class EvidenceInline(admin.TabularInline):
    model = Evidence
    fields = ["title", "stance", "url", "file", "note", "added_by", "added_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AddEvidenceInline(admin.TabularInline):
    """New evidence only: what is on the record stays on it."""

    model = Evidence
    fields = ["title", "stance", "url", "file", "note"]
    extra = 1
    can_delete = False
    verbose_name_plural = "add evidence"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Evidence]:
        return super().get_queryset(request).none()


class ClaimEventInline(admin.TabularInline):
    model = ClaimEvent
    fields = ["at", "actor", "kind", "what_changed", "to_status", "to_rating", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "timeline"

    def get_queryset(self, request: HttpRequest) -> QuerySet[ClaimEvent]:
        return super().get_queryset(request).select_related("actor", "from_rating", "to_rating")

    @admin.display(description="what changed")
    def what_changed(self, event: ClaimEvent) -> str:
        return "; ".join(event.changes()) or "—"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def sources_touched(formset: Any) -> set[int]:
    """The sources whose tallies an attribution formset's save changes: those of
    the rows removed or changed, as stored and as submitted."""
    saved, touched = [], set()
    for inline_form in formset.forms:
        if inline_form in formset.deleted_forms or inline_form.has_changed():
            if inline_form.instance.pk:
                saved.append(inline_form.instance.pk)  # its instance holds the new source
            source = (getattr(inline_form, "cleaned_data", None) or {}).get("source")
            if source is not None:
                touched.add(source.pk)
    stored = Attribution.objects.filter(pk__in=saved).values_list("source_id", flat=True)
    return touched | set(stored)


class ClaimAdminForm(forms.ModelForm):
    """The claim's own fields, with the version the editor started from.

    The version is checked by the service, on the locked row, like the claim page's.
    """

    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Claim
        fields = ["statement", "kind", "assignee", "revisit_on"]
        widgets = {"statement": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expected_version"].initial = self.instance.version


@admin.register(Claim)
class ClaimAdmin(DeskModelAdmin):
    form = ClaimAdminForm
    list_display = [
        "id",
        "article_title",
        "statement_short",
        "sourcing_label",
        "status",
        "rating",
        "assignee",
        "updated_at",
    ]
    list_display_links = ["id", "statement_short"]
    list_filter = [
        "status",
        "rating",
        SourcingFilter,
        OutletFilter,
        "kind",
        "assignee",
        ("article__published_on", admin.DateFieldListFilter),
    ]
    # Searched as the claims list searches them (full text, one indexed column),
    # not with the admin's LIKE over joins: see search() below.
    search_fields = ["statement", "quote"]
    search_help_text = (
        "Words in the statement or the quote. "
        "A source's claims are listed on its page (Sources, in the app)."
    )
    list_select_related = ["article", "rating", "assignee"]
    ordering = ["-updated_at", "-id"]
    list_per_page = 50
    show_full_result_count = False
    # Facet counts would run a COUNT per filter option over every claim.
    show_facets = admin.ShowFacets.NEVER
    readonly_fields = [
        "article",
        "start",
        "end",
        "quote",
        "status",
        "rating",
        "sourcing",
        "review_requested_by",
        "verdict_by",
        "created_by",
        "created_at",
        "updated_at",
        "version",
    ]
    fieldsets = [
        (None, {"fields": ["article", ("start", "end"), "quote", "statement", "kind"]}),
        (
            "Verdict",
            {"fields": [("status", "rating"), "verdict_by", "sourcing", "review_requested_by"]},
        ),
        ("Work", {"fields": ["assignee", "revisit_on", "expected_version"]}),
        ("Record", {"fields": [("created_by", "created_at"), ("updated_at", "version")]}),
    ]
    inlines = [AttributionInline, EvidenceInline, AddEvidenceInline, ClaimEventInline]
    actions = [
        "publish_selected",
        "send_back_selected",
        "export_csv",
        "export_jsonl",
        "export_claimreview",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Claim]:
        # The list shows the article's title, never its body, nor the claim's search vector.
        return super().get_queryset(request).defer("article__body", "search_vector")

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest) -> bool:
        # OutletFilter answers to the related-field filter's parameter.
        return lookup == OutletFilter.parameter_name or super().lookup_allowed(
            lookup, value, request
        )

    def get_paginator(
        self, request: HttpRequest, queryset: QuerySet[Claim], per_page: int, **kwargs: Any
    ) -> ChangelistPaginator:
        reach = reach_for(request.GET.get(PAGE_VAR), per_page)
        base = self.get_queryset(request).select_related(*self.list_select_related)
        return ChangelistPaginator(queryset, per_page, reach=reach, base=base)

    @admin.display(description="article", ordering="article__title")
    def article_title(self, claim: Claim) -> str:
        return Truncator(claim.article.title).chars(40)

    @admin.display(description="statement")
    def statement_short(self, claim: Claim) -> str:
        return Truncator(claim.statement).chars(90)

    @admin.display(description="sourcing", ordering="sourcing")
    def sourcing_label(self, claim: Claim) -> str:
        if claim.rests_on_anonymous_sources_only:
            return "⚠ Anonymous only"
        return claim.get_sourcing_display()

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Claims are made from a span of an article, on the article's page.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A claim's timeline is the newsroom's record; claims are closed as
        # "not checkable", never deleted.
        return False

    # The actions are offered to whoever holds the move's permission in the rules table.
    def has_publish_permission(self, request: HttpRequest) -> bool:
        move = workflow.move_between(Status.IN_REVIEW, Status.PUBLISHED)
        return request.user.has_perm(move.permission)

    def has_review_permission(self, request: HttpRequest) -> bool:
        move = workflow.move_between(Status.IN_REVIEW, Status.RESEARCHING)
        return request.user.has_perm(move.permission)

    def search(
        self, request: HttpRequest, queryset: QuerySet[Claim], search_term: str
    ) -> tuple[QuerySet[Claim], bool]:
        """Claims whose statement or quote match, through the stored search vector.

        Not by source name or article title, as the admin's own search did:
        matching those means an OR across joined tables, which no index
        serves, so a rare word read every claim (seconds at a million). A
        source's claims are on its page; an article's, on the article's.
        """
        return claims_matching(queryset, search_term), False

    # -- saving through the services

    def get_readonly_fields(self, request: HttpRequest, obj: Claim | None = None) -> list[str]:
        if obj is not None and obj.is_frozen:
            return [*self.readonly_fields, *services.FROZEN_FIELDS]
        return self.readonly_fields

    def save_model(self, request: HttpRequest, obj: Claim, form: Any, change: bool) -> None:
        stored = Claim.objects.get(pk=obj.pk)
        data = {name: getattr(stored, name) for name in services.FROZEN_FIELDS}
        data.update(form.cleaned_data)  # frozen fields are read-only, so not in the form
        with refusals_undo_the_save():
            services.claim_edit(
                claim=stored,
                by=request.user,
                version=data["expected_version"],
                statement=data["statement"],
                kind=data["kind"],
                revisit_on=data["revisit_on"],
                assignee=data["assignee"],
            )
        obj.version = stored.version

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        # What the admin's own history would list; the claim's timeline is the real record.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        with refusals_undo_the_save():
            if formset.model is Attribution:
                self.save_attributions(request, form.instance, formset)
            elif formset.model is Evidence:
                self.save_new_evidence(request, form.instance, formset)

    def save_attributions(self, request: HttpRequest, claim: Claim, formset: Any) -> None:
        lock_sources_for(claim, sources_touched(formset))
        for inline_form in formset.deleted_forms:
            if inline_form.instance.pk:
                services.attribution_remove(
                    attribution=inline_form.instance, by=request.user, version=claim.version
                )
        for inline_form in formset.forms:
            if inline_form in formset.deleted_forms or not inline_form.has_changed():
                continue
            data = inline_form.cleaned_data
            if inline_form.instance.pk and "source" in inline_form.changed_data:
                # Another source is another attribution: retire the old one.
                previous = Attribution.objects.select_related("source").get(
                    pk=inline_form.instance.pk
                )
                previous.claim = claim
                services.attribution_remove(
                    attribution=previous, by=request.user, version=claim.version
                )
            services.attribution_set(
                claim=claim,
                source=data["source"],
                sourcing=data["sourcing"],
                by=request.user,
                version=claim.version,
                mention=span_from(data, "mention"),
                cue=span_from(data, "cue"),
                descriptor=data.get("descriptor", ""),
                count=data.get("count"),
            )

    def save_new_evidence(self, request: HttpRequest, claim: Claim, formset: Any) -> None:
        for inline_form in formset.forms:
            if inline_form.instance.pk or not inline_form.has_changed():
                continue
            data = inline_form.cleaned_data
            services.evidence_add(
                claim=claim,
                by=request.user,
                title=data["title"],
                stance=data["stance"],
                url=data.get("url", ""),
                file=data.get("file") or None,
                note=data.get("note", ""),
            )

    # -- review actions

    @admin.action(description="Publish selected claims", permissions=["publish"])
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[Claim]) -> Any:
        move = workflow.move_between(Status.IN_REVIEW, Status.PUBLISHED)
        return self.transition_selected(request, queryset, move=move, verb="published")

    @admin.action(description="Send selected claims back to research", permissions=["review"])
    def send_back_selected(self, request: HttpRequest, queryset: QuerySet[Claim]) -> Any:
        move = workflow.move_between(Status.IN_REVIEW, Status.RESEARCHING)
        return self.transition_selected(request, queryset, move=move, verb="sent back")

    @admin.action(description="Export selected claims as CSV", permissions=["view"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet[Claim]) -> HttpResponse:
        return export_selected(queryset, "csv")

    @admin.action(description="Export selected claims as JSON Lines", permissions=["view"])
    def export_jsonl(self, request: HttpRequest, queryset: QuerySet[Claim]) -> HttpResponse:
        return export_selected(queryset, "jsonl")

    @admin.action(
        description="Export selected published claims as ClaimReview", permissions=["view"]
    )
    def export_claimreview(self, request: HttpRequest, queryset: QuerySet[Claim]) -> HttpResponse:
        return export_selected(queryset, "claimreview")

    def transition_selected(
        self, request: HttpRequest, queryset: QuerySet[Claim], *, move: workflow.Move, verb: str
    ) -> HttpResponse | None:
        """Confirm with a note, then make ``move`` on each claim through the same service as
        the app. Only claims in the move's starting status are moved: "send back" never
        starts research on a new claim."""
        if queryset.count() > MAX_CLAIMS_PER_ACTION:
            self.message_user(
                request,
                f"Select at most {MAX_CLAIMS_PER_ACTION} claims at a time; narrow the list first.",
                messages.ERROR,
            )
            return None
        if "apply" not in request.POST:
            return self.confirm_transition(request, queryset, move=move, verb=verb)
        note = request.POST.get("note", "")
        done = 0
        for claim in queryset.select_related("rating"):
            try:
                self.make_move(request, claim, move, note)
                done += 1
            except (services.ClaimDeskError, PermissionDenied) as error:
                self.message_user(
                    request, f"Claim #{claim.pk} “{claim}” was not {verb}: {error}", messages.ERROR
                )
        if done:
            self.message_user(request, f"{done} claim(s) {verb}.", messages.SUCCESS)
        return None

    def make_move(self, request: HttpRequest, claim: Claim, move: workflow.Move, note: str) -> None:
        if claim.status != move.source:
            raise services.InvalidTransition(workflow.refusal_of(claim, request.user, move))
        services.claim_transition(
            claim=claim, to=move.target, by=request.user, version=claim.version, note=note
        )

    def confirm_transition(
        self, request: HttpRequest, queryset: QuerySet[Claim], *, move: workflow.Move, verb: str
    ) -> TemplateResponse:
        claims = queryset.select_related("article", "rating")
        context = {
            **self.admin_site.each_context(request),
            "title": f"Claims to be {verb}",
            "opts": self.model._meta,
            # Each claim with the reason it would be refused, if it would be.
            "claims": [(claim, workflow.refusal_of(claim, request.user, move)) for claim in claims],
            "action": request.POST.get("action"),
            "verb": verb,
            "to_label": Status(move.target).label,
            "note_required": move.note_required,
        }
        return TemplateResponse(request, "admin/claims/claim/transition_confirm.html", context)


def export_selected(queryset: QuerySet[Claim], name: str) -> HttpResponse:
    export = FORMATS[name]
    return streaming_response(export, export.claims(queryset), "claims-selected")


@admin.register(ClaimEvent)
class ClaimEventAdmin(DeskModelAdmin):
    """The timeline across all claims, read-only for everyone."""

    list_display = ["at", "claim", "kind", "actor", "from_status", "to_status", "to_rating"]
    list_filter = ["kind", "to_status"]
    list_select_related = ["claim", "actor", "to_rating"]
    ordering = ["-at", "-id"]
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    paginator = EstimatedCountPaginator

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


admin.site.unregister(User)


@admin.register(User)
class DeskUserAdmin(UserAdmin):
    """Users who appear on the record are deactivated, not deleted."""

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> tuple:
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            # Protected rows are never deleted, so whether this account may
            # delete claims or events is beside the point; left in, Django's
            # page shows only "no permission to delete claim, claim event"
            # (claims and events are undeletable here) and never this advice.
            perms_needed = set()
            protected = [
                "Users who appear on the record (timeline, evidence, assigned or reviewed "
                "claims) are deactivated, not deleted: untick “Active” on the user's page.",
                *protected,
            ]
        return deleted, counts, perms_needed, protected
