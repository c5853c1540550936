"""/api/v1/: each resource's module lists its own addresses."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api import problems
from api.views import (
    articles,
    claim_links,
    claimreview,
    claims,
    exports,
    revisions,
    sources,
    suggestions,
    webhooks,
)

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file of its own:
    # the pages' Content-Security-Policy allows no inline script.
    # A page for people: a stranger is sent to sign in. Swagger UI (React) sets
    # style attributes and injects a <style> element: inline styles are allowed
    # on this page alone; scripts stay 'self' only.
    path(
        "docs/",
        login_required(
            csp_update({"style-src": [UNSAFE_INLINE]})(
                SpectacularSwaggerSplitView.as_view(url_name="api:schema")
            )
        ),
        name="docs",
    ),
    *articles.urlpatterns,
    *revisions.urlpatterns,
    *claims.urlpatterns,
    *claim_links.urlpatterns,
    *sources.urlpatterns,
    *suggestions.urlpatterns,
    *exports.urlpatterns,
    *claimreview.urlpatterns,
    *webhooks.urlpatterns,
    # Last: any other address under /api/v1/ answers with a problem, not HTML.
    re_path(r"^.*$", problems.not_found),
]
