"""The awards API: a provider's awards (issue, list, detail, revoke, bulk issuance with
progress) and public verification. Views translate HTTP; rules are in the services."""

import json
import math
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import BaseParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from credentials.awards import bulk, bulk_verification, selectors, services, verification
from credentials.awards.api.serializers import (
    AwardDetailSerializer,
    AwardInputSerializer,
    AwardSerializer,
    BatchSerializer,
    BulkIssueSerializer,
    BulkVerifyUploadSerializer,
    LearnerLinkSerializer,
    RevokeSerializer,
    VerdictSerializer,
    VerificationBatchSerializer,
)
from credentials.awards.forms import AwardForm
from registry.accounts.api_auth import HasKeyScope
from registry.core.api_errors import PROBLEM_BASE, PROBLEM_CONTENT_TYPE
from registry.core.api_negotiation import FirstRenderer
from registry.core.api_schema import INVALID, NOT_FOUND, problem
from registry.core.idempotency import IDEMPOTENCY_KEY_REUSED, IDEMPOTENCY_PARAMETER, idempotent
from registry.core.throttling import client_ident, count_hit, parse_rate
from registry.providers.selectors import provider_for_member

REFUSED = problem(
    "Refused: the provider is not registered, the version is not published or is out of the "
    "provider's scope, or the award is already revoked (problem details)."
)


class AwardPagination(PageNumberPagination):
    page_size = 50


class ProviderAwardsView(generics.GenericAPIView):
    permission_classes = (IsAuthenticated, HasKeyScope)
    filter_backends = ()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.provider = provider_for_member(request.user, kwargs["slug"])


def form_errors(form) -> ValidationError:
    return ValidationError(
        {
            ("non_field_errors" if name == "__all__" else name): [e["message"] for e in items]
            for name, items in form.errors.get_json_data().items()
        }
    )


class AwardList(ProviderAwardsView):
    """The provider's awards, newest first (`q`: an external id or verification code);
    POST issues one."""

    serializer_class = AwardSerializer
    pagination_class = AwardPagination

    def get_queryset(self):
        return selectors.provider_awards(
            self.provider, query=self.request.query_params.get("q", "")
        )

    @extend_schema(responses={200: AwardSerializer(many=True), 404: NOT_FOUND})
    def get(self, request, slug):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request=AwardInputSerializer,
        parameters=[IDEMPOTENCY_PARAMETER],
        responses={
            200: OpenApiResponse(AwardDetailSerializer, "Already issued under this external id."),
            201: AwardDetailSerializer,
            400: INVALID,
            404: NOT_FOUND,
            409: REFUSED,
            422: IDEMPOTENCY_KEY_REUSED,
        },
    )
    @idempotent
    def post(self, request, slug):
        if not isinstance(request.data, dict):
            raise ValidationError({"non_field_errors": [_("Send a JSON object.")]})
        form = AwardForm(request.data, provider=self.provider)
        if not form.is_valid():
            raise form_errors(form)
        award, created = services.issue_award(
            actor=request.user, provider=self.provider, data=form.award_input()
        )
        return Response(
            AwardDetailSerializer(award).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class AwardDetail(ProviderAwardsView):
    @extend_schema(responses={200: AwardDetailSerializer, 404: NOT_FOUND})
    def get(self, request, slug, code):
        """One award, with its signed credential."""
        award = selectors.award_for_member(request.user, slug, code)
        response = Response(AwardDetailSerializer(award).data)
        response["ETag"] = f'"{award.pk}-{award.state}"'
        return response


class AwardRevoke(ProviderAwardsView):
    @extend_schema(
        request=RevokeSerializer,
        responses={
            200: AwardDetailSerializer,
            400: INVALID,
            403: problem("Admins only."),
            404: NOT_FOUND,
            409: REFUSED,
        },
    )
    def post(self, request, slug, code):
        """Revoke the award with a reason (institution admins): its status-list bit is set
        and verification answers "revoked" at once."""
        award = selectors.award_for_member(request.user, slug, code)
        body = RevokeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        award = services.revoke_award(
            actor=request.user, award=award, reason=body.validated_data["reason"]
        )
        return Response(
            AwardDetailSerializer(selectors.award_for_member(request.user, slug, code)).data
        )


class AwardLearnerLink(ProviderAwardsView):
    @extend_schema(
        request=None,
        parameters=[IDEMPOTENCY_PARAMETER],
        responses={201: LearnerLinkSerializer, 404: NOT_FOUND, 422: IDEMPOTENCY_KEY_REUSED},
    )
    @idempotent
    def post(self, request, slug, code):
        """E-mail the award's learner a new link to their private page (their awards from the
        provider: certificate, credential, LinkedIn, public page). The learner's earlier links
        stop working; the new one works for `LEARNER_LINK_DAYS` days."""
        award = selectors.award_for_member(request.user, slug, code)
        link = services.resend_learner_link(actor=request.user, award=award)
        return Response(LearnerLinkSerializer(link).data, status=status.HTTP_201_CREATED)


def rows_problem(result: bulk.Validation) -> Response:
    by_row: dict[int, dict[str, list[str]]] = {}
    for error in result.errors:
        by_row.setdefault(error.row, {}).setdefault(error.column or "non_field_errors", []).append(
            error.message
        )
    return Response(
        {
            "type": PROBLEM_BASE + "invalid-rows",
            "title": "Some rows are invalid; nothing was issued.",
            "status": 422,
            "detail": f"{len(by_row)} of {result.rows} rows have problems; fix them and send "
            "the whole file again.",
            "rows": [{"row": row, "errors": errors} for row, errors in sorted(by_row.items())],
        },
        status=422,
        content_type=PROBLEM_CONTENT_TYPE,
    )


class BulkIssue(ProviderAwardsView):
    parser_classes = (MultiPartParser,)
    max_request_body = bulk.MAX_REQUEST_BYTES

    @extend_schema(
        request={"multipart/form-data": BulkIssueSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
        responses={
            202: BatchSerializer,
            400: INVALID,
            404: NOT_FOUND,
            409: REFUSED,
            422: problem("Rows with problems, each with its field errors; nothing was issued."),
        },
    )
    @idempotent
    def post(self, request, slug):
        """Validate a CSV/XLSX file of awards, then issue it on the `issuance` queue: all rows
        or, if any row has a problem, none. Follow `progress` for the batch."""
        services.require_issuing_provider(self.provider)
        upload = request.data.get("file")
        if not hasattr(upload, "read"):
            raise ValidationError({"file": [_("Upload a .csv or .xlsx file as `file`.")]})
        try:
            rows = bulk.parse_file(upload.read(), upload.name)
        except bulk.IssuanceFileError as error:
            raise ValidationError({"file": [str(error)]}) from error
        result = bulk.validate_rows(provider=self.provider, rows=rows)
        if not result.ok:
            return rows_problem(result)
        batch = services.create_batch(
            actor=request.user, provider=self.provider, file_name=upload.name, rows=result.valid
        )
        return Response(BatchSerializer(batch).data, status=status.HTTP_202_ACCEPTED)


class BatchDetail(ProviderAwardsView):
    @extend_schema(responses={200: BatchSerializer, 404: NOT_FOUND})
    def get(self, request, slug, pk):
        """A bulk issuance's progress."""
        return Response(BatchSerializer(selectors.batch_for_member(request.user, slug, pk)).data)


def _throttle_verification(request) -> None:
    limit, period = parse_rate(settings.VERIFY_RATE)
    count, left = count_hit(f"throttle:verify:{client_ident(request)}", period)
    if count > limit:
        raise Throttled(wait=max(math.ceil(left), 1))


class VerifyCode(APIView):
    permission_classes = (AllowAny,)
    throttle_classes = ()
    authentication_classes = ()
    # The busiest answer: JSON only, whatever the client accepts (no negotiation to pay for).
    renderer_classes = (JSONRenderer,)
    content_negotiation_class = FirstRenderer

    @extend_schema(responses={200: VerdictSerializer}, auth=[])
    def get(self, request, code):
        """The verdict on an award by its verification code (unknown codes answer 200 with
        the verdict "unknown")."""
        _throttle_verification(request)
        return Response(verification.verify_code(code).as_json())


class CertificatePdfParser(BaseParser):
    """A certificate PDF as the body, handed on as bytes (read within the upload limit)."""

    media_type = "application/pdf"

    def parse(self, stream, media_type=None, parser_context=None) -> Any:  # bytes
        return stream.read(verification.MAX_UPLOAD_BYTES + 1) if stream else b""


class VerifyCredential(APIView):
    permission_classes = (AllowAny,)
    throttle_classes = ()
    authentication_classes = ()
    parser_classes = (JSONParser, CertificatePdfParser)

    @extend_schema(
        request={
            "application/json": {"type": "object"},
            "application/pdf": {"type": "string", "format": "binary"},
        },
        responses={200: VerdictSerializer, 400: INVALID},
        auth=[],
    )
    def post(self, request):
        """Fully verify a credential (the JSON body), or the one a certificate PDF carries:
        signature against the issuer's DID document, status list, issuer in the register."""
        _throttle_verification(request)
        document = request.data
        if isinstance(document, bytes):
            try:
                return Response(verification.verify_upload(document).as_json())
            except ValueError as error:
                raise ValidationError({"credential": [str(error)]}) from None
        return Response(verification.verify_document(document).as_json())


# --- Bulk verification ------------------------------------------------------------------------


def _throttle_bulk_verification(request) -> None:
    """Uploads per client (`BULK_VERIFY_RATE`, shared with /verify/bulk/): a file of many codes
    is one upload here, not one verification per code."""
    limit, period = parse_rate(settings.BULK_VERIFY_RATE)
    count, left = count_hit(f"throttle:verify-bulk:{client_ident(request)}", period)
    if count > limit:
        raise Throttled(wait=max(math.ceil(left), 1))


def _batch_response(batch, *, status_code: int = 200) -> Response:
    body = VerificationBatchSerializer(batch).data
    response = Response(body, status=status_code)
    response["Cache-Control"] = "private, no-store"
    if status_code in (201, 202):
        response["Location"] = body["url"]
    return response


class BulkVerify(APIView):
    permission_classes = (AllowAny,)
    authentication_classes = ()
    parser_classes = (MultiPartParser,)
    max_request_body = bulk_verification.MAX_REQUEST_BYTES

    @extend_schema(
        request={"multipart/form-data": BulkVerifyUploadSerializer},
        responses={
            201: OpenApiResponse(
                VerificationBatchSerializer, "Verified at once (small files): every verdict."
            ),
            202: OpenApiResponse(
                VerificationBatchSerializer,
                "Queued (larger files): follow `url` (also `Location`) for progress and verdicts.",
            ),
            400: INVALID,
            413: problem("The file is larger than 20 MB (problem details)."),
        },
        auth=[],
    )
    def post(self, request):
        """Verify many awards at once: a CSV of verification codes or a ZIP of credential
        files. Up to 100 codes (20 files) are verified at once; more are verified on the
        `verification` queue. Results are kept three days, readable only through their `id`."""
        _throttle_bulk_verification(request)
        upload = request.data.get("file")
        if not hasattr(upload, "read"):
            raise ValidationError(
                {
                    "file": [
                        _("Upload a .csv file of codes or a .zip of credential files as `file`.")
                    ]
                }
            )
        data = upload.read(bulk_verification.MAX_UPLOAD_BYTES + 1)
        try:
            read = bulk_verification.read_upload(data, upload.name or "")
        except bulk_verification.BulkFileError as error:
            raise ValidationError({"file": [str(error)]}) from error
        batch = bulk_verification.record(read, data, upload.name or "", language=get_language())
        if not batch.is_finished:
            return _batch_response(batch, status_code=status.HTTP_202_ACCEPTED)
        return _batch_response(batch, status_code=status.HTTP_201_CREATED)


class BulkVerificationDetail(APIView):
    permission_classes = (AllowAny,)
    authentication_classes = ()

    @extend_schema(responses={200: VerificationBatchSerializer, 404: NOT_FOUND}, auth=[])
    def get(self, request, public_id):
        """A bulk verification's progress and the verdicts so far (404 once deleted)."""
        return _batch_response(selectors.verification_batch(public_id))


class CsvRenderer(BaseRenderer):
    """The verdicts as CSV; a problem (an error) is still written as JSON."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return json.dumps(data).encode()


class BulkVerificationCsv(APIView):
    permission_classes = (AllowAny,)
    authentication_classes = ()
    renderer_classes = (CsvRenderer, JSONRenderer)

    @extend_schema(
        responses={
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR,
                "One row per verdict: row, code or file name, the file's other columns, "
                "verdict, explanation, warnings, learner, micro-credential, provider, dates. "
                "Cells that a spreadsheet would run as formulas start with a quote.",
            ),
            404: NOT_FOUND,
        },
        auth=[],
    )
    def get(self, request, public_id):
        """The verdicts of a bulk verification as a CSV file."""
        batch = selectors.verification_batch(public_id)
        response = HttpResponse(
            bulk_verification.results_csv(batch), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="verification-results.csv"'
        response["Cache-Control"] = "private, no-store"
        return response
