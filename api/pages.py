"""The API tokens page: a signed-in user makes, lists and revokes their own tokens.

A new token is shown on the response to the POST that made it, and nowhere
else: not in the session, a message, a log or the database (only its hash
is stored), so reloading the page does not show it again.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST

from api.models import ApiToken
from api.services.tokens import NewToken, token_create, token_revoke
from claims.errors import ClaimDeskError

app_name = "api_pages"


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text="What will use it: “CMS sync”, “tipline bot”.",
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """One's active tokens; a POST makes one and shows it on this response only."""
    form = TokenForm(request.POST if request.method == "POST" else None)
    made = create_from(form, request) if form.is_bound and form.is_valid() else None
    context = {
        "form": TokenForm() if made else form,
        "made": made,
        "tokens": ApiToken.objects.active().filter(user=request.user),
    }
    return render(request, "api/tokens.html", context)


def create_from(form: TokenForm, request: HttpRequest) -> NewToken | None:
    try:
        return token_create(user=request.user, name=form.cleaned_data["name"])
    except ClaimDeskError as refusal:
        form.add_error("name", str(refusal))
        return None


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    """Revoke one's own token; another user's is not found (404), not refused."""
    token = get_object_or_404(ApiToken.objects.active(), pk=token_id, user=request.user)
    token_revoke(token=token, by=request.user)
    messages.success(request, f"Token “{token.name}” revoked: it no longer signs in.")
    return redirect("api_pages:tokens")


urlpatterns = [
    path("", api_tokens, name="tokens"),
    path("<int:token_id>/revoke/", api_token_revoke, name="revoke"),
]
