"""The vault's forms: a reason to open a record, and a record's details."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User

from claims.dates import AcceptedDateField
from vault.models import REASON_MAX, SECRET_MAX

REASON_HELP = "Why you need it now. Recorded in the access log, which the vault's members see."


class ReasonForm(forms.Form):
    reason = forms.CharField(
        max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 2}), help_text=REASON_HELP
    )


class RecordForm(forms.Form):
    """Create a record (every field), or change one (an empty secret keeps the stored one)."""

    identity = forms.CharField(
        label="Real identity",
        max_length=SECRET_MAX,
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off"}),
    )
    verification = forms.CharField(
        label="How it was verified",
        max_length=SECRET_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
    )
    verified_by = forms.ModelChoiceField(
        label="Verified by", queryset=User.objects.filter(is_active=True).order_by("username")
    )
    verified_on = AcceptedDateField(
        label="Verified on", widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 2}), help_text=REASON_HELP
    )

    def __init__(self, *args: Any, changing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if changing:
            for name in ("identity", "verification"):
                self.fields[name].required = False
                self.fields[name].help_text = "Leave empty to keep what is stored."
