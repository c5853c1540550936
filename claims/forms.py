"""Forms for the browser pages. They validate input; the services do the writing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from claims import services
from claims.dates import AcceptedDateField
from claims.exports import FORMATS
from claims.filters import ID_MAX
from claims.models import (
    ALIASES_MAX,
    BODY_MAX,
    NOTE_MAX,
    QUOTE_MAX,
    SOURCE_DETAILS,
    STATEMENT_MAX,
    Claim,
    ClaimLink,
    Evidence,
    Rating,
    Source,
    Sourcing,
    Status,
    active_users_with,
    source_name_key,
)
from claims.services.bulk import Selected
from claims.services.sources import sources_known_as
from claims.spans import Span, span_from

SOURCING_CHOICES = [
    (Sourcing.CONFIRMED, "Confirmed (on the record, checked by us)"),
    (Sourcing.NAMED, "Named (not yet confirmed)"),
    (Sourcing.ANONYMOUS, "Anonymous"),
]


def labelled_errors(form: forms.Form) -> list[str]:
    """Each of the form's errors as "Label: message", for pages that list them together."""
    return [
        f"{form[name].label}: {message}" if name in form.fields else message
        for name, messages in form.errors.items()
        for message in messages
    ]


def active_users() -> Any:
    return get_user_model().objects.filter(is_active=True).order_by("username")


class DistinctIdsForm(forms.Form):
    """Forms that share a page give their fields their own ids (and so labels)."""

    id_prefix = "id"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


class ArticlePasteForm(DistinctIdsForm):
    id_prefix = "paste"
    title = forms.CharField(
        max_length=500, required=False, help_text="Left empty: the first sentence."
    )
    outlet = forms.CharField(max_length=200, required=False, help_text="Publisher's name.")
    url = forms.URLField(max_length=2000, required=False, assume_scheme="https")
    byline = forms.CharField(max_length=300, required=False)
    published_on = AcceptedDateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Published on"
    )
    body = forms.CharField(
        max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 14}), label="Article text"
    )


class ArticleRevisionForm(DistinctIdsForm):
    """A new version of an article's text, pasted: its claims are found again on it."""

    id_prefix = "revision"
    body = forms.CharField(
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 12}),
        label="The article's new text",
        help_text="The whole article as the outlet publishes it now.",
    )


class ArticleUploadForm(DistinctIdsForm):
    id_prefix = "upload"
    file = forms.FileField(
        label="Text file",
        help_text="UTF-8 text; an optional first token “date YYYY-MM-DD”, then the article.",
    )
    title = forms.CharField(max_length=500, required=False)
    outlet = forms.CharField(max_length=200, required=False)


class ArticleUrlForm(DistinctIdsForm):
    id_prefix = "fetch"
    url = forms.URLField(max_length=2000, label="Article URL", assume_scheme="https")
    outlet = forms.CharField(max_length=200, required=False, help_text="Left empty: from the page.")


class CaptureForm(forms.Form):
    """The capture panel: a span of the article, what it claims, who says it."""

    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=1)
    quote = forms.CharField(strip=False, max_length=QUOTE_MAX)
    statement = forms.CharField(
        required=False, max_length=STATEMENT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    kind = forms.ChoiceField(choices=Claim.Kind.choices, initial=Claim.Kind.FACTUAL)
    source_name = forms.CharField(required=False, max_length=300, label="Source")
    source_kind = forms.ChoiceField(
        choices=Source.Kind.choices, initial=Source.Kind.PERSON, required=False
    )
    sourcing = forms.ChoiceField(
        choices=[("", "None: the outlet's own assertion"), *SOURCING_CHOICES], required=False
    )
    mention = forms.CharField(required=False, strip=False, max_length=500)
    mention_start = forms.IntegerField(required=False, min_value=0)
    mention_end = forms.IntegerField(required=False, min_value=1)
    cue = forms.CharField(required=False, strip=False, max_length=200)
    cue_start = forms.IntegerField(required=False, min_value=0)
    cue_end = forms.IntegerField(required=False, min_value=1)
    descriptor = forms.CharField(required=False, max_length=300)
    count = forms.IntegerField(required=False, min_value=1, max_value=1000)
    # Set when the panel was opened from a suggestion: saving accepts it.
    suggestion = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # One key per capture, renewed after each save: a form sent twice makes one claim.
    capture_key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("sourcing") and not data.get("source_name", "").strip():
            self.add_error("source_name", "Name the source, or choose “None” for sourcing.")
        if data.get("source_name", "").strip() and not data.get("sourcing"):
            self.add_error("sourcing", "Say how this source is sourced.")
        return data

    def error_sentence(self) -> str:
        """The form's errors as one line for the panel, named by their labels."""
        parts = []
        for name, errors in self.errors.items():
            label = self.fields[name].label or name.replace("_", " ") if name in self.fields else ""
            parts.append(f"{label.capitalize()}: {' '.join(errors)}" if label else " ".join(errors))
        return "; ".join(parts)

    def span(self) -> Span:
        data = self.cleaned_data
        return Span(data["start"], data["end"], data["quote"])

    def attribution(self) -> services.AttributionInput | None:
        data = self.cleaned_data
        if not data.get("sourcing"):
            return None
        anonymous = data["sourcing"] == Sourcing.ANONYMOUS
        return services.AttributionInput(
            source_name=data["source_name"],
            source_kind=data["source_kind"] or Source.Kind.PERSON,
            sourcing=data["sourcing"],
            mention=span_from(data, "mention"),
            cue=span_from(data, "cue"),
            # A named source's role ("Governor") or an unnamed group's words;
            # only anonymous sourcing has a head count.
            descriptor=data.get("descriptor", ""),
            count=data.get("count") if anonymous else None,
        )


class SuggestionIdsField(forms.Field):
    """Suggestion ids, as the preview's checkboxes send them."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": "Suggestions are chosen by their numbers."}

    def to_python(self, value: Any) -> list[int]:
        try:
            ids = [int(item) for item in value or []]
        except (TypeError, ValueError) as error:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error
        if not all(0 < pk < 2**63 for pk in ids):  # what a database id can be
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return ids


class SuggestionChoiceForm(forms.Form):
    """The suggestions ticked in the "Accept all named" preview."""

    suggestion = SuggestionIdsField(error_messages={"required": "Tick at least one suggestion."})

    def error_sentence(self) -> str:
        return " ".join(error for errors in self.errors.values() for error in errors)


class ClaimEditForm(DistinctIdsForm):
    """The claim's own fields; on a published claim, statement and kind are shown, not edited."""

    id_prefix = "edit"
    version = forms.IntegerField(widget=forms.HiddenInput)
    statement = forms.CharField(max_length=STATEMENT_MAX, widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(choices=Claim.Kind.choices)
    assignee = forms.ModelChoiceField(queryset=active_users(), required=False, empty_label="Nobody")
    revisit_on = AcceptedDateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Revisit on"
    )

    def __init__(self, *args: Any, claim: Claim, **kwargs: Any) -> None:
        kwargs.setdefault("initial", self.initial_for(claim))
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = active_users()
        if claim.is_frozen:
            # Disabled fields keep the claim's own values whatever is posted.
            for name in services.FROZEN_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = "Published: frozen until a reviewer reopens it."

    @staticmethod
    def initial_for(claim: Claim) -> dict[str, Any]:
        return {
            "version": claim.version,
            "statement": claim.statement,
            "kind": claim.kind,
            "assignee": claim.assignee_id,
            "revisit_on": claim.revisit_on,
        }


def reviewers_other_than(user: Any) -> Any:
    """Who can be named as a claim's reviewer by ``user``: active publishers, not themselves."""
    publishers = active_users_with("claims.publish_claim")
    return publishers.exclude(pk=user.pk).order_by("username")


class TransitionForm(DistinctIdsForm):
    """The workflow card: one form, one button per allowed move (``to``), one note."""

    id_prefix = "move"
    version = forms.IntegerField(widget=forms.HiddenInput)
    to = forms.ChoiceField(choices=Status.choices, widget=forms.HiddenInput)
    rating = forms.ModelChoiceField(queryset=Rating.objects.all(), required=False, label="Verdict")
    reviewer = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        label="Reviewer (optional)",
        empty_label="Any reviewer",
    )
    note = forms.CharField(
        required=False, max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Any active user is accepted here: the service refuses one who cannot
        # publish with a sentence that says so, rather than "not one of the choices".
        self.fields["reviewer"].queryset = active_users()
        self.reviewer_choices = reviewers_other_than(user)


class RateForm(DistinctIdsForm):
    id_prefix = "verdict"
    version = forms.IntegerField(widget=forms.HiddenInput)
    rating = forms.ModelChoiceField(
        queryset=Rating.objects.all(), required=False, empty_label="No verdict"
    )
    note = forms.CharField(
        max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2}), label="Why"
    )


class AttributionForm(DistinctIdsForm):
    id_prefix = "attribution"
    """Add an attribution on the claim page, naming mention and cue by their words."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    source_name = forms.CharField(max_length=300, label="Source")
    source_kind = forms.ChoiceField(choices=Source.Kind.choices, label="Kind (if new)")
    sourcing = forms.ChoiceField(choices=SOURCING_CHOICES)
    mention = forms.CharField(required=False, max_length=500, help_text="Words in the article.")
    cue = forms.CharField(required=False, max_length=200, help_text="“said”, “according to”…")
    descriptor = forms.CharField(required=False, max_length=300)
    count = forms.IntegerField(required=False, min_value=1, max_value=1000)


class AttributionChangeForm(DistinctIdsForm):
    id_prefix = "sourcing"
    version = forms.IntegerField(widget=forms.HiddenInput)
    sourcing = forms.ChoiceField(choices=SOURCING_CHOICES)


class EvidenceForm(DistinctIdsForm):
    id_prefix = "evidence"
    title = forms.CharField(max_length=300)
    url = forms.URLField(max_length=2000, required=False, label="URL", assume_scheme="https")
    file = forms.FileField(required=False, help_text="PDF, image or text; 10 MB at most.")
    stance = forms.ChoiceField(choices=Evidence.Stance.choices, initial=Evidence.Stance.CONTEXT)
    note = forms.CharField(
        required=False, max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("url") and not data.get("file"):
            raise forms.ValidationError("Give a URL or a file.")
        return data


class SourceEditForm(DistinctIdsForm):
    """A source's details, edited on its page (reviewers)."""

    id_prefix = "source"
    version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(max_length=300)
    kind = forms.ChoiceField(choices=Source.Kind.choices)
    role = forms.CharField(required=False, max_length=300, label="Role or title")
    affiliation = forms.CharField(required=False, max_length=300)
    aliases = forms.CharField(
        required=False,
        max_length=ALIASES_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Other names the source goes by in articles, one per line.",
    )
    same_as = forms.URLField(
        required=False, max_length=500, label="Reference URL", assume_scheme="https"
    )
    notes = forms.CharField(
        required=False, max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )

    @staticmethod
    def initial_for(source: Source) -> dict[str, Any]:
        return {
            "version": source.version,
            **{name: getattr(source, name) for name in SOURCE_DETAILS},
        }


class SourceMergeForm(DistinctIdsForm):
    """Merge this source into another, named as the capture panel names sources."""

    id_prefix = "merge"
    version = forms.IntegerField(widget=forms.HiddenInput)
    source_name = forms.CharField(
        max_length=300,
        label="Merge into",
        help_text="The source this one is a duplicate of, by name or alias.",
    )

    def into(self) -> Source | None:
        """The source named, or None (also when the form is not valid)."""
        name = getattr(self, "cleaned_data", {}).get("source_name", "")
        return sources_known_as([name]).get(source_name_key(name)) if name else None


DESK_REPORT_DAYS = 30


class PeriodForm(forms.Form):
    """The desk report's period: by default the 30 days up to today."""

    published_after = AcceptedDateField(required=False, label="From")
    published_before = AcceptedDateField(required=False, label="To")

    def period(self) -> tuple[date, date]:
        """The dates given, or the defaults in place of missing or invalid ones."""
        data = getattr(self, "cleaned_data", {})
        until = data.get("published_before") or timezone.localdate()
        return data.get("published_after") or until - timedelta(days=DESK_REPORT_DAYS), until


class SelectionField(forms.Field):
    """The claims ticked on the list, each as "id:version" (the version the list showed)."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"required": "Select at least one claim."}

    def to_python(self, value: Any) -> list[Selected]:
        selection = []
        for item in value or []:
            claim_id, _, version = str(item).partition(":")
            try:
                selection.append(Selected(claim_id=int(claim_id), version=int(version)))
            except ValueError:
                raise forms.ValidationError(f"“{item}” is not a claim from the list.") from None
            if not 1 <= selection[-1].claim_id <= ID_MAX:
                raise forms.ValidationError(f"“{item}” is not a claim from the list.")
        return selection


ME = "me"
NOBODY = "nobody"
# Longer than any list's filters; the query is only used to return to the list.
LIST_QUERY_MAX = 2_000


class BulkForm(forms.Form):
    """The claims list's action bar: what to do with the selected claims."""

    ACTIONS = [("assign", "Assign"), ("move", "Move"), ("export", "Export")]

    action = forms.ChoiceField(choices=ACTIONS)
    claim = SelectionField(label="Claims")
    # "me", "nobody" (unassign) or a colleague's id.
    assignee = forms.CharField(required=False, label="Assign to")
    to = forms.ChoiceField(choices=[("", "—"), *Status.choices], required=False, label="Move to")
    note = forms.CharField(required=False, max_length=NOTE_MAX, label="Note")
    format = forms.ChoiceField(choices=[], required=False, label="Export as")
    # The list's filters, to return to.
    query = forms.CharField(required=False, max_length=LIST_QUERY_MAX)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["format"].choices = [(name, name) for name in FORMATS]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        action = data.get("action")
        if action == "assign":
            data["assignee"] = self._assignee(data.get("assignee", ""))
        elif action == "move" and not data.get("to"):
            self.add_error("to", "Choose the status to move the claims to.")
        elif action == "export" and not data.get("format"):
            self.add_error("format", "Choose an export format.")
        return data

    def _assignee(self, value: str) -> Any:
        if value == ME:
            return self.user
        if value == NOBODY:
            return None
        # ASCII digits only: "²".isdigit() is true, but int("²") fails.
        is_id = value.isascii() and value.isdigit() and int(value) <= ID_MAX
        user = active_users().filter(pk=int(value)).first() if is_id else None
        if user is None:
            self.add_error("assignee", "Choose a colleague to assign the claims to.")
        return user


class ClaimLinkForm(DistinctIdsForm):
    """Link the claim on the page to another, by that claim's number."""

    id_prefix = "link"
    kind = forms.ChoiceField(choices=ClaimLink.Kind.choices, label="This claim")
    # Past an int's range is not a claim: refused here, not by the database.
    other = forms.IntegerField(min_value=1, max_value=2**31 - 1, label="Claim number")
