"""The OpenAPI description: every operation lists the problems it can answer
with, and token authentication is described as HTTP bearer."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

from api.problems import PROBLEM_CONTENT_TYPE, TITLES

WRITES = {"POST", "PUT", "PATCH", "DELETE"}


class FieldErrorSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="The field, dotted for nested ones.")
    detail = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField(help_text="“about:blank” or urn:claim-desk:problem:<kind>.")
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField(required=False)
    errors = FieldErrorSerializer(many=True, required=False)
    changes = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="409 only: what changed since the version the write named.",
    )
    current_version = serializers.IntegerField(required=False)


class ProblemAutoSchema(AutoSchema):
    """Adds the problem responses: 400, 401, 403, 404 and 429 to every operation;
    a write also 409 (stale version), 413 (a body past the upload limit),
    422 (refused by the rules) and 428 (no version named). A view may add
    more with ``extra_problems``."""

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        codes = {400, 401, 403, 404, 429}
        if self.method in WRITES:
            codes |= {409, 413, 422, 428}
        codes |= set(getattr(self.view, "extra_problems", ()))
        for code in sorted(codes):
            if str(code) in responses:
                continue
            response = self._get_response_for_code(
                ProblemSerializer, str(code), media_types=[PROBLEM_CONTENT_TYPE]
            )
            response["description"] = TITLES.get(code, "Refused")
            responses[str(code)] = response
        return responses


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema: AutoSchema) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A token from the desk's settings page: `Authorization: Bearer cdk_…`.",
        }
