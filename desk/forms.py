"""Forms for the desk's pages. They validate input; the services do the writing."""

from __future__ import annotations

from django import forms

from desk.models import COMMENT_MAX, DeskProfile


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Comment",
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Mention a colleague with @username to notify them.",
    )


class DeskSettingsForm(forms.ModelForm):
    class Meta:
        model = DeskProfile
        fields = ["email_notifications"]
