"""The micro-credential API: the public register, the institution's drafts and the regulator's
decisions. Views translate HTTP into calls to `credentials.selectors` and `credentials.services`;
`registry.core.api_errors` turns what those raise into problem details (404, 403, 409, 400)."""

from collections.abc import Callable

import django_filters
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import filters, generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from credentials import selectors, services
from credentials.api import public_cache
from credentials.api.serializers import (
    CommentSerializer,
    PublicMicroCredentialSerializer,
    ReasonSerializer,
    SubmitSerializer,
    VersionContentSerializer,
    VersionInputSerializer,
    WorkingVersionSerializer,
    etag_for,
)
from credentials.forms import MicroCredentialForm
from credentials.models import CONTENT_FIELDS, MicroCredentialVersion, ReviewComment, Status
from frameworks.models import CreditSystem, FieldOfStudy, Level
from registry.accounts.api_auth import HasKeyScope
from registry.accounts.selectors import require_regulator
from registry.core.api_errors import PreconditionFailed, PreconditionRequired
from registry.core.api_schema import INVALID, NOT_FOUND, problem
from registry.core.errors import InvalidTransition
from registry.core.idempotency import (
    IDEMPOTENCY_KEY_REUSED,
    IDEMPOTENCY_PARAMETER,
    idempotent,
)
from registry.providers.models import RecognitionType
from registry.providers.selectors import provider_for_member

CODE_REGEX = r"[A-Za-z0-9-]+"


CONFLICT = problem("The micro-credential's status does not allow this (problem details).")
ETAG_HEADER = OpenApiParameter(
    name="ETag",
    type=str,
    location=OpenApiParameter.HEADER,
    response=True,
    description='The working version and its revision, e.g. "12-3".',
)
IF_MATCH_HEADER = OpenApiParameter(
    name="If-Match",
    type=str,
    location=OpenApiParameter.HEADER,
    required=True,
    description="The ETag last read; a stale one answers 412, a missing one 428.",
)


# --- Public register --------------------------------------------------------------------------


class PublicMicroCredentialFilter(django_filters.FilterSet):
    provider = django_filters.CharFilter(
        field_name="micro_credential__provider__slug", help_text="Slug of the provider."
    )
    framework = django_filters.CharFilter(
        field_name="level__framework__code", help_text="Code of the qualifications framework."
    )
    level = django_filters.CharFilter(field_name="level__code", help_text="Code of the level.")
    field = django_filters.CharFilter(
        field_name="field_of_study__code",
        lookup_expr="startswith",
        help_text="ISCED-F code or its prefix, e.g. 06 for all of ICT.",
    )
    recognition_type = django_filters.ChoiceFilter(choices=RecognitionType.choices)
    language = django_filters.CharFilter(
        method="filter_language", help_text="ISO 639-1 code of a language of instruction."
    )
    status = django_filters.ChoiceFilter(
        choices=[
            (value, label)
            for value, label in Status.choices
            if value in (Status.PUBLISHED, Status.WITHDRAWN, Status.SUSPENDED)
        ]
    )

    class Meta:
        model = MicroCredentialVersion
        fields = ("provider", "framework", "level", "field", "recognition_type", "language")

    def filter_language(self, queryset, name, value):
        return queryset.filter(languages__contains=[value.lower()])


class PublishedCursorPagination(CursorPagination):
    page_size = 20
    ordering = ("-published_at", "-pk")


class PublicMicroCredentialList(generics.ListAPIView):
    """Micro-credentials in the public register (published, or withdrawn/suspended with their
    status), newest first. Filter by provider, framework, level, field, recognition type and
    language; order with `ordering` (e.g. `title`, `-credits`)."""

    serializer_class = PublicMicroCredentialSerializer
    permission_classes = (AllowAny,)
    pagination_class = PublishedCursorPagination
    filter_backends = (django_filters.rest_framework.DjangoFilterBackend, filters.OrderingFilter)
    filterset_class = PublicMicroCredentialFilter
    ordering_fields = ("published_at", "title", "credits")

    def get_queryset(self):
        return selectors.public_versions()

    keys_read_with_throttle = staticmethod(public_cache.keys_to_read)

    @public_cache.cached_public_answer
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class PublicMicroCredentialDetail(generics.RetrieveAPIView):
    """One micro-credential of the public register: the version the public sees."""

    serializer_class = PublicMicroCredentialSerializer
    permission_classes = (AllowAny,)
    filter_backends = ()

    def get_queryset(self):
        return selectors.public_versions()

    keys_read_with_throttle = staticmethod(public_cache.keys_to_read)

    @extend_schema(responses={200: PublicMicroCredentialSerializer, 404: NOT_FOUND})
    @public_cache.cached_public_answer
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_object(self):
        version = self.get_queryset().filter(micro_credential__code=self.kwargs["code"]).first()
        if version is None:
            raise Http404
        return version


# --- Institutions -----------------------------------------------------------------------------


def _lines(value, joiner: str):
    return joiner.join(str(item) for item in value) if isinstance(value, list | tuple) else value


def _pk_for(model, value, **lookup):
    if not value or not all(isinstance(v, str) for v in lookup.values()):
        return value if not isinstance(value, dict) else "invalid"
    if any("\x00" in v for v in lookup.values()):  # no code holds one; PostgreSQL refuses it
        return "invalid"
    obj = model.objects.filter(**lookup).only("pk").first()
    return obj.pk if obj else "invalid"


def form_data(payload: dict) -> dict:
    """The API's JSON (lists, codes, {framework, code}) as the form's POST-like data."""
    data = {}
    for name in CONTENT_FIELDS:
        if name not in payload:
            continue
        value = payload[name]
        if name in ("learning_outcomes", "skills"):
            value = _lines(value, "\n")
        elif name == "languages":
            value = _lines(value, ",")
        elif name == "level":
            level = value if isinstance(value, dict) else {}
            value = _pk_for(
                Level, value, framework__code=level.get("framework"), code=level.get("code")
            )
        elif name == "credit_system":
            value = _pk_for(CreditSystem, value, code=value)
        elif name == "field_of_study":
            value = _pk_for(FieldOfStudy, value, code=value)
        data[name] = "" if value is None else value
    return data


def validated_content(provider, payload) -> dict:
    """Check `payload` with the portal's form, so the content rules live in one place."""
    if not isinstance(payload, dict):
        raise ValidationError({"non_field_errors": [_("Send a JSON object.")]})
    form = MicroCredentialForm(form_data(payload), provider=provider)
    if not form.is_valid():
        errors = {
            ("non_field_errors" if field == "__all__" else field): [e["message"] for e in items]
            for field, items in form.errors.get_json_data().items()
        }
        raise ValidationError(errors)
    return form.content()


def _reloaded(version) -> MicroCredentialVersion:
    return MicroCredentialVersion.objects.with_related().get(pk=version.pk)


def version_response(version, *, request, status_code=status.HTTP_200_OK) -> Response:
    version = _reloaded(version)
    response = Response(
        WorkingVersionSerializer(version, context={"request": request}).data, status=status_code
    )
    response["ETag"] = etag_for(version)
    return response


class ProviderPagination(PageNumberPagination):
    page_size = 50


class ProviderMicroCredentialList(generics.GenericAPIView):
    """The provider's micro-credentials, each with its latest version and status; create a draft."""

    permission_classes = (IsAuthenticated, HasKeyScope)
    serializer_class = WorkingVersionSerializer
    pagination_class = ProviderPagination
    filter_backends = ()

    def get_queryset(self):
        return selectors.provider_micro_credentials(self.provider)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.provider = provider_for_member(request.user, kwargs["slug"])

    @extend_schema(responses={200: WorkingVersionSerializer(many=True), 404: NOT_FOUND})
    def get(self, request, slug):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request=VersionInputSerializer,
        parameters=[IDEMPOTENCY_PARAMETER, ETAG_HEADER],
        responses={
            201: WorkingVersionSerializer,
            400: INVALID,
            404: NOT_FOUND,
            422: IDEMPOTENCY_KEY_REUSED,
        },
    )
    @idempotent
    def post(self, request, slug):
        content = validated_content(self.provider, request.data)
        with transaction.atomic():
            version = services.create_micro_credential(
                actor=request.user, provider=self.provider, data=content
            )
        return version_response(version, request=request, status_code=status.HTTP_201_CREATED)


class ProviderObjectMixin:
    permission_classes = (IsAuthenticated, HasKeyScope)
    filter_backends = ()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.provider = provider_for_member(request.user, kwargs["slug"])
        self.micro_credential = selectors.micro_credential_for_user(
            request.user, kwargs["code"], provider=self.provider
        )


class ProviderMicroCredentialDetail(ProviderObjectMixin, generics.GenericAPIView):
    """The version the provider is working on; PATCH edits a draft (send `If-Match`)."""

    serializer_class = WorkingVersionSerializer

    @extend_schema(
        parameters=[ETAG_HEADER], responses={200: WorkingVersionSerializer, 404: NOT_FOUND}
    )
    def get(self, request, slug, code):
        return version_response(selectors.working_version(self.micro_credential), request=request)

    @extend_schema(
        request=VersionInputSerializer(partial=True),
        parameters=[IF_MATCH_HEADER, ETAG_HEADER],
        responses={
            200: WorkingVersionSerializer,
            400: INVALID,
            404: NOT_FOUND,
            409: CONFLICT,
            412: problem("The If-Match is stale: somebody changed the version (problem details)."),
            428: problem("If-Match is missing (problem details)."),
        },
    )
    def patch(self, request, slug, code):
        version = selectors.working_version(self.micro_credential)
        if_match = request.headers.get("If-Match", "").strip()
        if not if_match:
            raise PreconditionRequired()
        current = etag_for(version)
        offered = {tag.strip().removeprefix("W/") for tag in if_match.split(",")}
        if current not in offered and "*" not in offered:
            raise PreconditionFailed(
                _("The version is now %(etag)s; read it again and reapply your changes.")
                % {"etag": current}
            )
        if not isinstance(request.data, dict):
            raise ValidationError({"non_field_errors": [_("Send a JSON object.")]})
        current_values = VersionContentSerializer(version).data
        content = validated_content(self.provider, {**current_values, **request.data})
        changes = {name: content[name] for name in CONTENT_FIELDS if name in request.data}
        version = services.update_draft(
            actor=request.user, version=version, data=changes, expected_revision=version.revision
        )
        return version_response(version, request=request)


class SubmitView(ProviderObjectMixin, APIView):
    @extend_schema(
        request=SubmitSerializer,
        responses={200: WorkingVersionSerializer, 404: NOT_FOUND, 409: CONFLICT},
    )
    def post(self, request, slug, code):
        """Send the working version for review (with an optional response to the reviewer)."""
        body = SubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        version = selectors.working_version(self.micro_credential)
        services.submit(
            actor=request.user, version=version, response=body.validated_data["response"]
        )
        return version_response(version, request=request)


class WithdrawView(ProviderObjectMixin, APIView):
    @extend_schema(
        request=ReasonSerializer,
        responses={200: WorkingVersionSerializer, 400: INVALID, 404: NOT_FOUND, 409: CONFLICT},
    )
    def post(self, request, slug, code):
        """Take the published micro-credential out of the register, with a reason."""
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        published = self.micro_credential.published_version
        if published is None:
            raise InvalidTransition(_("Only a published micro-credential can be withdrawn."))
        services.withdraw(
            actor=request.user, version=published, reason=body.validated_data["reason"]
        )
        return version_response(published, request=request)


class NewVersionView(ProviderObjectMixin, APIView):
    @extend_schema(
        request=None,
        parameters=[IDEMPOTENCY_PARAMETER, ETAG_HEADER],
        responses={
            201: WorkingVersionSerializer,
            404: NOT_FOUND,
            409: CONFLICT,
            422: IDEMPOTENCY_KEY_REUSED,
        },
    )
    @idempotent
    def post(self, request, slug, code):
        """Start a new draft copied from the published version, which stays public."""
        version = services.start_new_version(
            actor=request.user, micro_credential=self.micro_credential
        )
        return version_response(version, request=request, status_code=status.HTTP_201_CREATED)


# --- Regulators -------------------------------------------------------------------------------


class DecisionView(APIView):
    permission_classes = (IsAuthenticated, HasKeyScope)
    decision: Callable[..., ReviewComment]  # a credentials.services decision

    @extend_schema(
        request=CommentSerializer,
        responses={200: WorkingVersionSerializer, 400: INVALID, 404: NOT_FOUND, 409: CONFLICT},
    )
    def post(self, request, pk):
        version = selectors.version_for_regulator(request.user, pk)
        body = CommentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        type(self).decision(
            actor=request.user, version=version, comment=body.validated_data["comment"]
        )
        return version_response(version, request=request)


class ApproveView(DecisionView):
    """Approve and publish the version; a previously published one is superseded."""

    decision = services.approve


class RequestChangesView(DecisionView):
    """Send the version back to the provider with what to change."""

    decision = services.request_changes


class RejectView(DecisionView):
    """Reject the version, with the reason."""

    decision = services.reject


class SuspendView(APIView):
    permission_classes = (IsAuthenticated, HasKeyScope)

    @extend_schema(
        request=ReasonSerializer,
        responses={200: WorkingVersionSerializer, 400: INVALID, 404: NOT_FOUND, 409: CONFLICT},
    )
    def post(self, request, code):
        """Take a published micro-credential out of the register, with a reason."""
        require_regulator(request.user)
        micro_credential = selectors.micro_credential_for_user(request.user, code)
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        published = micro_credential.published_version
        if published is None:
            raise InvalidTransition(_("Only a published micro-credential can be suspended."))
        services.suspend(
            actor=request.user, version=published, reason=body.validated_data["reason"]
        )
        return version_response(published, request=request)
