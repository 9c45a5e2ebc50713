"""The provider register over the API: the public reads it; regulators register providers, set
their scope, suspend, deregister and reinstate them. Views translate HTTP and call
`registry.providers.selectors` / `registry.providers.services`; the forms of the regulator's pages
hold the rules for details and scope, so both entry points apply the same ones."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from registry.accounts.api_auth import HasKeyScope
from registry.accounts.selectors import is_regulator
from registry.core.api_schema import INVALID, NOT_FOUND, NOT_SIGNED_IN, problem
from registry.core.idempotency import (
    IDEMPOTENCY_KEY_REUSED,
    IDEMPOTENCY_PARAMETER,
    idempotent,
)
from registry.providers import selectors, services
from registry.providers.api.serializers import (
    ProviderRegistrationSerializer,
    ProviderSerializer,
    ReinstateSerializer,
    ScopeSerializer,
    StatusChangeSerializer,
)
from registry.providers.forms import ProviderDetailsForm, ScopeForm
from registry.providers.models import PUBLIC_PROVIDER_STATUSES, Provider

NOT_A_REGULATOR = problem("Only regulators may do this (problem details).")


class IsRegulator(BasePermission):
    """Regulator officers only; anonymous callers get 401, everybody else 403. The provider
    register is public, so refusing with 403 leaks nothing."""

    message = _("Only regulators may do this.")

    def has_permission(self, request, view) -> bool:
        return is_regulator(request.user)


class RegulatorsMayWrite(IsRegulator):
    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or super().has_permission(request, view)


def flat_errors(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as {"scope.frameworks.0": ["…"]}: problem details carry one
    list of messages per field."""
    if isinstance(detail, dict):
        flat = {}
        for key, value in detail.items():
            flat.update(flat_errors(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(detail, list) and detail and not all(isinstance(item, str) for item in detail):
        flat = {}
        for index, value in enumerate(detail):
            if value:
                flat.update(flat_errors(value, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    messages = detail if isinstance(detail, list) else [detail]
    return {prefix or "non_field_errors": [str(message) for message in messages]}


def validated(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        raise ValidationError(flat_errors(serializer.errors))
    return serializer.validated_data


def form_errors(form, prefix: str = "") -> dict[str, list[str]]:
    return {
        prefix + ("non_field_errors" if name == "__all__" else name): [e["message"] for e in items]
        for name, items in form.errors.get_json_data().items()
    }


def _pks_for_codes(queryset, codes, unknown_message: str, errors: dict, field: str) -> list:
    found = dict(queryset.filter(code__in=codes).values_list("code", "pk"))
    unknown = [code for code in codes if code not in found]
    if unknown:
        errors[field] = [f"{unknown_message}: {', '.join(unknown)}."]
    return [found[code] for code in codes if code in found]


def scope_arguments(scope: dict, *, prefix: str = "") -> dict:
    """The API's scope (codes) through the regulator page's ScopeForm, as `set_scope` takes it."""
    errors: dict[str, list[str]] = {}
    fields = ScopeForm.base_fields
    data = {
        "frameworks": _pks_for_codes(
            fields["frameworks"].queryset,
            scope["frameworks"],
            "Unknown framework codes",
            errors,
            prefix + "frameworks",
        ),
        "highest_level": "" if scope["highest_level"] is None else scope["highest_level"],
        "fields_of_study": _pks_for_codes(
            fields["fields_of_study"].queryset,
            scope["fields_of_study"],
            "Not a broad or narrow ISCED-F field",
            errors,
            prefix + "fields_of_study",
        ),
        "recognition_types": scope["recognition_types"],
    }
    form = ScopeForm(data)
    if not form.is_valid():
        errors.update(form_errors(form, prefix))
    if errors:
        raise ValidationError(errors)
    return form.scope_arguments()


def provider_response(request, slug: str, *, status_code=status.HTTP_200_OK) -> Response:
    provider = selectors.provider_for_regulator(request.user, slug)
    return Response(ProviderSerializer(provider).data, status=status_code)


class ProviderFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=[
            (value, label)
            for value, label in Provider.Status.choices
            if value in PUBLIC_PROVIDER_STATUSES
        ]
    )
    country = django_filters.CharFilter(
        field_name="country", lookup_expr="iexact", help_text="ISO 3166-1 alpha-2 code."
    )
    provider_type = django_filters.ChoiceFilter(choices=Provider.Type.choices)
    framework = django_filters.CharFilter(
        field_name="scope_frameworks__code",
        help_text="Code of a qualifications framework in the provider's scope.",
    )

    class Meta:
        model = Provider
        fields = ("status", "country", "provider_type", "framework")


class ProviderCursorPagination(CursorPagination):
    page_size = 50
    ordering = ("slug",)


class ProviderList(generics.ListAPIView):
    """The provider register: registered, suspended and deregistered providers with their
    accreditation scope (applications are not public). Regulators register a provider directly
    with POST."""

    serializer_class = ProviderSerializer
    permission_classes = (RegulatorsMayWrite, HasKeyScope)
    pagination_class = ProviderCursorPagination
    filter_backends = (django_filters.rest_framework.DjangoFilterBackend,)
    filterset_class = ProviderFilter

    def get_queryset(self):
        return selectors.public_providers()

    @extend_schema(
        request=ProviderRegistrationSerializer,
        parameters=[IDEMPOTENCY_PARAMETER],
        responses={
            201: ProviderSerializer,
            400: INVALID,
            401: NOT_SIGNED_IN,
            403: NOT_A_REGULATOR,
            422: IDEMPOTENCY_KEY_REUSED,
        },
    )
    @idempotent
    def post(self, request):
        payload = validated(ProviderRegistrationSerializer, request.data)
        details = ProviderDetailsForm(
            {name: payload.get(name, "") for name in services.DETAIL_FIELDS}
        )
        if not details.is_valid():
            raise ValidationError(form_errors(details))
        scope = scope_arguments(payload["scope"], prefix="scope.") if "scope" in payload else {}
        provider = services.register_provider(
            actor=request.user, data=details.cleaned_data, **scope
        )
        return provider_response(request, provider.slug, status_code=status.HTTP_201_CREATED)


class ProviderDetail(generics.RetrieveAPIView):
    """One provider of the public register, with its status and accreditation scope."""

    serializer_class = ProviderSerializer
    filter_backends = ()

    @extend_schema(responses={200: ProviderSerializer, 404: NOT_FOUND})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_object(self):
        return selectors.public_provider(self.kwargs["slug"])


class RegulatorProviderAction(APIView):
    """A regulator's decision on one provider (any status, applications included)."""

    permission_classes = (IsRegulator, HasKeyScope)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.provider = selectors.provider_for_regulator(request.user, kwargs["slug"])


ACTION_RESPONSES = {
    200: ProviderSerializer,
    400: INVALID,
    401: NOT_SIGNED_IN,
    403: NOT_A_REGULATOR,
    404: NOT_FOUND,
    409: problem("The provider's status does not allow this (problem details)."),
}


class ProviderScopeView(RegulatorProviderAction):
    @extend_schema(request=ScopeSerializer, responses=ACTION_RESPONSES)
    def put(self, request, slug):
        """Replace what the provider may award: frameworks, highest level, fields of study and
        recognition types."""
        scope = scope_arguments(validated(ScopeSerializer, request.data))
        services.set_scope(actor=request.user, provider=self.provider, **scope)
        return provider_response(request, slug)


class ProviderSuspendView(RegulatorProviderAction):
    @extend_schema(request=StatusChangeSerializer, responses=ACTION_RESPONSES)
    def post(self, request, slug):
        """Suspend a registered provider, with a reason and the date it takes effect."""
        body = validated(StatusChangeSerializer, request.data)
        services.suspend_provider(
            actor=request.user,
            provider=self.provider,
            reason=body["reason"],
            effective_date=body.get("effective_date"),
        )
        return provider_response(request, slug)


class ProviderDeregisterView(RegulatorProviderAction):
    @extend_schema(request=StatusChangeSerializer, responses=ACTION_RESPONSES)
    def post(self, request, slug):
        """Remove a registered or suspended provider from the register for good."""
        body = validated(StatusChangeSerializer, request.data)
        services.deregister_provider(
            actor=request.user,
            provider=self.provider,
            reason=body["reason"],
            effective_date=body.get("effective_date"),
        )
        return provider_response(request, slug)


class ProviderReinstateView(RegulatorProviderAction):
    @extend_schema(request=ReinstateSerializer, responses=ACTION_RESPONSES)
    def post(self, request, slug):
        """Lift a suspension: the provider is registered again."""
        body = validated(ReinstateSerializer, request.data)
        services.reinstate_provider(
            actor=request.user, provider=self.provider, reason=body["reason"]
        )
        return provider_response(request, slug)
