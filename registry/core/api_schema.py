"""How the OpenAPI schema describes the API's errors.

Every error the API answers is RFC 9457 problem details in `application/problem+json` (see
`registry.core.api_errors`), so every documented error response says so. Beyond the errors a view
declares itself, each operation documents the ones any request to it can meet: a bad or missing
API key (401), the rate limit (429), invalid input (400) where it takes a body or query
parameters, a missing object (404) where its path names one or a cursor can be stale, and a
refused write (403) and an unsupported body format (415) where it writes.

It also describes a read-only field copied from a model text field that may be blank as what it
is: DRF drops `allow_blank` from read-only fields, so an unset website or a pending outcome ("")
would otherwise be described as a URI or one of the choices.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.pagination import CursorPagination

from registry.core.api_errors import PROBLEM_CONTENT_TYPE, ProblemSerializer


def problem(description: str) -> OpenApiResponse:
    """A documented error response: problem details, with what it means here."""
    return OpenApiResponse(response=ProblemSerializer, description=description)


# Errors views declare in their `extend_schema(responses=...)`.
NOT_FOUND = problem("Not found, or not yours (problem details).")
INVALID = problem("Invalid fields; `errors` keyed by field (problem details).")
NOT_SIGNED_IN = problem("No credentials: sign in or send an API key (problem details).")

# Errors any request to an operation can meet, added to every operation where they apply.
UNAUTHORIZED_TEXT = "The API key is malformed, unknown or revoked, or the operation needs one."
THROTTLED_TEXT = "Too many requests for this key; retry after `Retry-After` seconds."
INVALID_TEXT = "Invalid input; `errors` is keyed by field or parameter."
NOT_FOUND_TEXT = "Not found, or not yours."
STALE_CURSOR_TEXT = "The `cursor` is not one this list gave out."
FORBIDDEN_TEXT = "Not allowed: the key lacks the `write` scope, or the session's CSRF check failed."
UNSUPPORTED_MEDIA_TYPE_TEXT = "The body is in a format the operation does not read."


class ProblemDetailsAutoSchema(AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        problem_schema = self.resolve_serializer(ProblemSerializer, "response").ref
        responses = operation.setdefault("responses", {})
        for code, description in self._errors_any_request_can_meet(operation):
            responses.setdefault(code, {"description": description})
        for code, response in responses.items():
            if int(code) >= 400:
                response["content"] = {PROBLEM_CONTENT_TYPE: {"schema": problem_schema}}
        return operation

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        if field.read_only and getattr(field, "allow_blank", True) is False:
            field.allow_blank = _model_field_may_be_blank(field)
        return super()._map_serializer_field(field, direction, bypass_extensions)

    def _errors_any_request_can_meet(self, operation) -> list[tuple[str, str]]:
        parameters = operation.get("parameters", [])
        writes = self.method not in ("GET", "HEAD", "OPTIONS")
        errors = [("401", UNAUTHORIZED_TEXT)]
        if self.view.get_throttles():
            errors.append(("429", THROTTLED_TEXT))
        if "requestBody" in operation or any(p["in"] == "query" for p in parameters):
            errors.append(("400", INVALID_TEXT))
        if any(p["in"] == "path" for p in parameters):
            errors.append(("404", NOT_FOUND_TEXT))
        elif isinstance(self._get_paginator(), CursorPagination):
            errors.append(("404", STALE_CURSOR_TEXT))
        if writes:
            errors.append(("403", FORBIDDEN_TEXT))
        if "requestBody" in operation:
            errors.append(("415", UNSUPPORTED_MEDIA_TYPE_TEXT))
        return errors


def _model_field_may_be_blank(field) -> bool:
    parent = field.parent
    if not isinstance(parent, serializers.ModelSerializer) or len(field.source_attrs) != 1:
        return False
    try:
        model_field = parent.Meta.model._meta.get_field(field.source_attrs[0])
    except FieldDoesNotExist:
        return False
    return isinstance(model_field, models.CharField | models.TextField) and model_field.blank
