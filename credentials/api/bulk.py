"""Bulk submission over the API: a JSON array of micro-credentials (the single-create shape) or a
CSV/XLSX upload (the portal's import template), all created or none.

The rows go through `credentials.bulk_import`, the same code as the portal's import, so a row is
held to exactly the portal's rules. A bad row answers 422 with a report of every problem by row
and field, and nothing is created."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from credentials import bulk_import
from credentials.api.serializers import VersionInputSerializer
from credentials.models import MicroCredentialVersion
from registry.accounts.api_auth import HasKeyScope
from registry.core.api_errors import PROBLEM_BASE, PROBLEM_CONTENT_TYPE, ProblemSerializer
from registry.core.api_schema import NOT_FOUND, problem
from registry.core.idempotency import IDEMPOTENCY_PARAMETER, idempotent
from registry.providers.selectors import provider_for_member

TRUE, FALSE = {"true", "1", "yes", "on"}, {"false", "0", "no", "off", ""}


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request is too large.")
    default_code = "payload_too_large"


class BulkUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="A .csv or .xlsx file with the import template's columns."
    )
    submit = serializers.BooleanField(required=False, help_text="Submit every row for review.")


class CreatedSerializer(serializers.Serializer):
    code = serializers.CharField()
    id = serializers.IntegerField(help_text="Id of the version.")
    title = serializers.CharField()
    status = serializers.CharField()


class BulkResultSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    submitted = serializers.BooleanField()
    created = CreatedSerializer(many=True)


class RowReportSerializer(serializers.Serializer):
    row = serializers.IntegerField(
        help_text="Position in the JSON array (from 1), or the spreadsheet row (header is row 1)."
    )
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class RowsProblemSerializer(ProblemSerializer):
    rows = RowReportSerializer(many=True)


def _flag(value, name: str) -> bool:
    text = str(value).strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise ValidationError({name: ["Give true or false."]})


def rows_report(result, *, from_json: bool) -> Response:
    """422 problem details listing every bad row with its field errors."""
    by_row: dict[int, dict[str, list[str]]] = {}
    for error in result.errors:
        column = error.column or "non_field_errors"
        if from_json and column == "framework":
            column = "level"  # the API gives the framework inside `level`
        by_row.setdefault(error.row, {}).setdefault(column, []).append(error.message)
    bad = len(by_row)
    body = {
        "type": PROBLEM_BASE + "invalid-rows",
        "title": "Some rows are invalid; nothing was created.",
        "status": status.HTTP_422_UNPROCESSABLE_ENTITY,
        "detail": f"{bad} of {result.rows} rows have problems; fix them and send all rows again.",
        "rows": [{"row": row, "errors": errors} for row, errors in sorted(by_row.items())],
    }
    return Response(
        body, status=status.HTTP_422_UNPROCESSABLE_ENTITY, content_type=PROBLEM_CONTENT_TYPE
    )


class BulkSubmissionView(APIView):
    permission_classes = (IsAuthenticated, HasKeyScope)
    parser_classes = (JSONParser, MultiPartParser)
    # Larger requests are answered 413 before they are read (registry.core.request_limits).
    max_request_body = bulk_import.MAX_REQUEST_BYTES

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.provider = provider_for_member(request.user, kwargs["slug"])

    @extend_schema(
        request={
            "application/json": VersionInputSerializer(many=True),
            "multipart/form-data": BulkUploadSerializer,
        },
        parameters=[
            OpenApiParameter(
                "submit",
                bool,
                description="Submit every created micro-credential for review (default false).",
            ),
            IDEMPOTENCY_PARAMETER,
        ],
        responses={
            201: BulkResultSerializer,
            400: problem("The body or file cannot be read (problem details)."),
            404: NOT_FOUND,
            413: problem("More than 2 MB or 500 micro-credentials (problem details)."),
            422: OpenApiResponse(
                response=RowsProblemSerializer,
                description="Rows with problems, each with its field errors; nothing was created.",
            ),
        },
    )
    @idempotent
    def post(self, request, slug):
        """Create many draft micro-credentials at once (and submit them with `submit=true`):
        all of them, or none if any row has a problem."""
        from_json = not (request.content_type or "").startswith("multipart/")
        submit = _flag(request.query_params.get("submit", ""), "submit")
        if from_json:
            rows = self._rows("non_field_errors", bulk_import.rows_from_records, request.data)
        else:
            upload = request.data.get("file")
            if not hasattr(upload, "read"):
                raise ValidationError({"file": ["Upload a .csv or .xlsx file as `file`."]})
            if "submit" in request.data:
                submit = _flag(request.data["submit"], "submit")
            if upload.size > bulk_import.MAX_BYTES:
                raise PayloadTooLarge(
                    f"The file is larger than {bulk_import.MAX_BYTES // (1024 * 1024)} MB; "
                    "split it into smaller files."
                )
            rows = self._rows("file", bulk_import.parse_file, upload.read(), upload.name)
        result = bulk_import.import_micro_credentials(
            actor=request.user, provider=self.provider, rows=rows, submit=submit
        )
        if not result.ok:
            return rows_report(result, from_json=from_json)
        versions = MicroCredentialVersion.objects.select_related("micro_credential").in_bulk(
            [version.pk for version in result.created]
        )
        created = [
            {
                "code": version.micro_credential.code,
                "id": version.pk,
                "title": version.title,
                "status": version.status,
            }
            for version in (versions[created.pk] for created in result.created)
        ]
        return Response(
            {"count": len(created), "submitted": submit, "created": created},
            status=status.HTTP_201_CREATED,
        )

    @staticmethod
    def _rows(field: str, reader, *arguments):
        try:
            return reader(*arguments)
        except bulk_import.ImportTooLarge as error:
            raise PayloadTooLarge(str(error)) from error
        except bulk_import.ImportFileError as error:
            raise ValidationError({field: [str(error)]}) from error
