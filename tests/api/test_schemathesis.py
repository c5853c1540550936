"""Schemathesis against the live schema: every operation, as an editor and as a viewer.

The schema is read from ``/api/v1/schema/`` through the WSGI application, so
each operation the API gains is tested here without being named. Examples are
bounded per operation and derandomized (the same cases every run); the
database holds a real desk (the demo: an article, claims with attributions and
evidence, published verdicts, sources; plus suggestions, an export job, a URL
import), and path parameters named ``<thing>_id`` are pointed at its rows
often, so the cases reach the views' real work, not only their 404s.

Checks: no 5xx, and every response conforms to its operation's schema (its
status code documented, its content type, its body, its headers). As a viewer,
every write the viewer's role may not make is refused (403; 404 when the
address names nothing) and changes nothing in the database.

Tasks are enqueued with ``transaction.on_commit`` and the test's transaction
never commits: no URL is fetched, no webhook delivered, no export written.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from io import StringIO
from typing import Any

import pytest
import schemathesis
import yaml
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.db.models import Model
from django.test import Client
from django.urls import Resolver404, resolve
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.services.tokens import token_create
from claims.models import Article, ArticleFetch, ExportJob
from claims.services.suggestions import suggestions_refresh
from factcheck.wsgi import application

SCHEMA_PATH = "/api/v1/schema/"
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
# Cases per operation and generation phase; SCHEMATHESIS_MAX_EXAMPLES=200 for a
# deeper run by hand. The default keeps the file under ~90 s with every operation.
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "10"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
# Resources a viewer may write to by design, as on the pages: starting an export
# needs only reading permissions. Every other write must refuse a viewer.
VIEWER_WRITABLE = {"exports"}
# What a viewer's refused write must leave as it was.
COUNTED_MODELS = [
    "claims.Article",
    "claims.Claim",
    "claims.ClaimEvent",
    "claims.Attribution",
    "claims.Evidence",
    "claims.Source",
    "claims.Suggestion",
    "claims.ExportJob",
    "claims.ArticleFetch",
    "claims.Rating",
    "claims.ArticleRevision",
    "claims.ClaimLink",
    "api.ApiToken",
]
# Models of the other branches (webhooks and their deliveries), counted once merged.
OPTIONAL_MODELS = ["api.Webhook", "api.WebhookDelivery"]

CONFIG = SchemathesisConfig.from_dict(
    {
        "generation": {
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,
            # Bad input must be refused with a 4xx, never a 500: negative cases too.
            "mode": "all",
        },
    }
)


def counted_models() -> list[type[Model]]:
    optional = [label for label in OPTIONAL_MODELS if _model_exists(label)]
    return [apps.get_model(label) for label in [*COUNTED_MODELS, *optional]]


def _model_exists(label: str) -> bool:
    try:
        apps.get_model(label)
    except LookupError:
        return False
    return True


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in counted_models()}


# -- path ids that name real rows ------------------------------------------------


def model_for_parameter(name: str) -> type[Model] | None:
    """``claim_id`` → Claim, ``job_id`` → ExportJob, ``fetch_id`` → ArticleFetch:
    the model whose name is, or ends with, the parameter's stem."""
    stem = re.sub(r"_?(id|pk)$", "", name).replace("_", "").lower()
    if not stem:
        return None
    candidates = [m for m in apps.get_models() if m._meta.model_name.endswith(stem)]
    exact = [m for m in candidates if m._meta.model_name == stem]
    return (exact or candidates or [None])[0]


def real_ids(name: str) -> list[int]:
    model = model_for_parameter(name)
    if model is None:
        return []
    return list(model._default_manager.order_by("pk").values_list("pk", flat=True)[:50])


def point_ids_at_rows(context: Any, case: Any) -> Any:
    """Two generated path ids in three become a real row's id, chosen from the
    generated value so the choice is as deterministic as the case. Negative
    cases keep their invalid ids: they test the refusal."""
    if not case.path_parameters or not _path_is_positive(case):
        return case
    for name, value in list(case.path_parameters.items()):
        ids = real_ids(name) if isinstance(value, int) else []
        if ids and value % 3:
            case.path_parameters[name] = ids[value % len(ids)]
    return case


def _path_is_positive(case: Any) -> bool:
    meta = getattr(case, "_meta", None)
    if meta is None or ParameterLocation.PATH not in meta.components:
        return True
    return meta.components[ParameterLocation.PATH].mode == GenerationMode.POSITIVE


# -- the desk and the schema -------------------------------------------------------


@pytest.fixture
def connection_kept_across_requests() -> Iterator[None]:
    """The WSGI application, called directly, closes the database connection at
    each request's end (close_old_connections), and with it the test's
    transaction on PostgreSQL; Django's test client disconnects it the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def desk(db, settings, tmp_path, connection_kept_across_requests) -> dict[str, User]:
    """The demo desk, its suggestions, an export job and a URL import."""
    settings.MEDIA_ROOT = tmp_path
    # Hundreds of requests a minute with one token: not what this test is about.
    settings.API_THROTTLE_RATE = ""
    call_command("load_demo", "--force", stdout=StringIO())
    users = {user.username: user for user in User.objects.all()}
    for article in Article.objects.all():
        suggestions_refresh(article=article)
    ExportJob.objects.create(format="csv", requested_by=users["viewer"])
    ArticleFetch.objects.create(url="https://example.org/a", requested_by=users["editor"])
    return users


def api_schema() -> dict[str, Any]:
    """The schema as the API serves it at /api/v1/schema/ (the same generator; a
    test below holds them equal), built at import so pytest collects one test
    per operation. (Loading it from a fixture, ``schemathesis.pytest.from_fixture``,
    fails under pytest 9.2 in Schemathesis 4.32.5: it sets ``node._nodeid``.)"""
    return SchemaGenerator().get_schema(request=None, public=True)


SCHEMA = schemathesis.openapi.from_dict(api_schema(), config=CONFIG)
SCHEMA.app = application  # called in-process through WSGI
SCHEMA.hook("map_case")(point_ids_at_rows)
RUN = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def bearer(user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_create(user=user, name='schemathesis').secret}"}


@pytest.fixture
def signed_in(desk) -> dict[str, dict[str, str]]:
    """One token a role for all of a test's cases (a user may hold 50)."""
    return {role: bearer(desk[role]) for role in ("editor", "viewer")}


def test_it_fuzzes_the_schema_the_api_serves(desk):
    response = Client().get(SCHEMA_PATH, headers=bearer(desk["viewer"]))

    assert response.status_code == 200
    assert yaml.safe_load(response.content) == json.loads(json.dumps(api_schema()))


@SCHEMA.parametrize()
@RUN
def test_it_answers_every_operation_within_its_schema_as_an_editor(case, signed_in):
    case.call_and_validate(headers=signed_in["editor"], checks=CHECKS)


@SCHEMA.parametrize()
@RUN
def test_it_refuses_every_viewer_write_and_answers_within_the_schema(case, signed_in):
    headers = signed_in["viewer"]
    if not _viewer_refused(case):
        case.call_and_validate(headers=headers, checks=CHECKS)
        return
    before = row_counts()
    response = case.call_and_validate(headers=headers, checks=CHECKS)
    assert response.status_code in refusals_for(case), (
        f"{case.method} {case.formatted_path} as a viewer: {response.status_code}"
    )
    if response.status_code == 404:
        assert response.json()["detail"] == "No such API address."
    assert row_counts() == before


def refusals_for(case: Any) -> set[int]:
    """403 for the operation's own write; 405 for a method the address does not
    have (Schemathesis tries those too); 404 when the path names no address. A
    malformed request (negative data, an undocumented Content-Type) may be
    refused before the role is checked: Django parses a multipart body itself."""
    if case.method.upper() != case.operation.method.upper():
        return {404, 405}
    if _well_formed(case):
        return {403, 404}
    return {400, 403, 404, 415}


def _well_formed(case: Any) -> bool:
    meta = getattr(case, "_meta", None)
    if meta is not None and meta.generation.mode != GenerationMode.POSITIVE:
        return False
    sent = (case.headers or {}).get("Content-Type")
    return sent is None or sent in case.operation.get_request_payload_content_types()


def _viewer_refused(case: Any) -> bool:
    """A write the viewer's role may not make: every write but those to
    ``VIEWER_WRITABLE`` resources, which must need no more than a viewer has."""
    if case.method.upper() not in WRITES:
        return False
    resource = case.operation.path.removeprefix("/api/v1/").split("/")[0]
    if resource not in VIEWER_WRITABLE:
        return True
    assert viewer_may(case), f"{case.operation.label}: viewers may write here, yet cannot"
    return False


def viewer_may(case: Any) -> bool:
    view = _view_class(case.operation.path)
    needed = getattr(view, "required_perms", {}).get(case.method.upper(), ())
    return User.objects.get(username="viewer").has_perms(needed)


def _view_class(path_template: str) -> Callable | None:
    path = re.sub(r"\{[^}]+\}", "1", path_template)
    try:
        return getattr(resolve(path).func, "view_class", None)
    except Resolver404:
        return None
