"""RFC 9457 problem details for every API error.

DRF's exceptions become `application/problem+json` bodies with `type`, `title`, `status`, `detail`
and, for validation errors, `errors` keyed by field.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, serializers, status
from rest_framework.views import exception_handler

from registry.core.errors import EditConflict, InvalidTransition, NotAllowed

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_BASE = "https://docs.registry.example/problems/"


def problem_body(status_code: int, title: str, detail, code: str, **extra) -> dict:
    body = {
        "type": PROBLEM_BASE + code.replace("_", "-"),
        "title": title,
        "status": status_code,
        "detail": detail,
    }
    body.update(extra)
    return body


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The request conflicts with the current state of the resource.")
    default_code = "conflict"


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = _("This request must be conditional; send If-Match with the ETag.")
    default_code = "precondition_required"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("The resource has changed since you read it.")
    default_code = "precondition_failed"


class UnprocessableEntity(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = _("The request cannot be processed.")
    default_code = "unprocessable_entity"


def _translate(exc):
    """The registry's own errors and Django's ValidationError as DRF exceptions."""
    if isinstance(exc, EditConflict):
        return PreconditionFailed(str(exc))
    if isinstance(exc, InvalidTransition):
        return Conflict(str(exc))
    if isinstance(exc, NotAllowed):
        return exceptions.PermissionDenied(str(exc))
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return exceptions.ValidationError(exc.message_dict)
        return exceptions.ValidationError({"non_field_errors": exc.messages})
    return exc


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details, as the schema describes them."""

    type = serializers.URLField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Validation errors keyed by field.",
    )


def problem_details_handler(exc, context):
    exc = _translate(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        body = problem_body(
            response.status_code,
            gettext("The request has invalid fields."),
            gettext("See `errors` for what is wrong with each field."),
            "validation_error",
            errors=errors,
        )
    elif isinstance(exc, Http404 | exceptions.NotFound):
        body = problem_body(
            status.HTTP_404_NOT_FOUND,
            gettext("Not found."),
            str(exc.detail if hasattr(exc, "detail") else gettext("Not found.")),
            "not_found",
        )
    else:
        detail = getattr(exc, "detail", str(exc))
        code = getattr(exc, "default_code", "error")
        body = problem_body(
            response.status_code, str(getattr(exc, "default_detail", detail)), str(detail), code
        )
    response.data = body
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def problem_response(status_code: int, title: str, detail: str, code: str) -> JsonResponse:
    """A problem details answer made outside DRF (middleware, plain Django views)."""
    return JsonResponse(
        problem_body(status_code, title, detail, code),
        status=status_code,
        content_type=PROBLEM_CONTENT_TYPE,
    )


@csrf_exempt
def api_not_found(request, exception=None):
    """404 for paths under /api/ that match no route: a problem body, not an HTML page. Exempt
    from CSRF like the API's views, so that a POST to a wrong path is a 404, not an HTML 403."""
    return JsonResponse(
        problem_body(
            404,
            gettext("Not found."),
            gettext("No API resource at %(path)s.") % {"path": request.path},
            "not_found",
        ),
        status=404,
        content_type=PROBLEM_CONTENT_TYPE,
    )
