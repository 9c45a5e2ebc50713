"""The audit trail over the API, scoped as DESIGN.md §7 says: regulators read every event,
institution members the events of their own providers, nobody else anything."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import IsAuthenticated

from registry.accounts.api_auth import HasKeyScope
from registry.audit.api.serializers import AuditEventSerializer
from registry.audit.models import AuditEvent
from registry.audit.selectors import audit_events_for_user
from registry.core.api_filters import UTCIsoDateTimeFilter
from registry.core.api_schema import INVALID, NOT_SIGNED_IN


class AuditEventFilter(django_filters.FilterSet):
    provider = django_filters.CharFilter(
        field_name="provider__slug", help_text="Slug of the provider the event concerns."
    )
    action = django_filters.CharFilter(help_text="e.g. micro_credential.approved.")
    object_type = django_filters.CharFilter(
        method="filter_object_type",
        help_text="app_label.model of the object, e.g. providers.provider.",
    )
    object_id = django_filters.CharFilter(help_text="Id of the object (with object_type).")
    since = UTCIsoDateTimeFilter(
        field_name="created_at", lookup_expr="gte", help_text="Events at or after (ISO 8601)."
    )
    until = UTCIsoDateTimeFilter(
        field_name="created_at", lookup_expr="lt", help_text="Events before (ISO 8601)."
    )

    class Meta:
        model = AuditEvent
        fields = ("provider", "action", "object_type", "object_id", "since", "until")

    def filter_object_type(self, queryset, name, value):
        app_label, _dot, model = value.lower().partition(".")
        return queryset.filter(content_type__app_label=app_label, content_type__model=model)


class AuditCursorPagination(CursorPagination):
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"
    ordering = ("-created_at", "-id")


class AuditEventList(generics.ListAPIView):
    """The audit trail, newest first: every event for regulators, the events of their own
    providers for institution members. Filter by provider, action, object and time."""

    serializer_class = AuditEventSerializer
    permission_classes = (IsAuthenticated, HasKeyScope)
    pagination_class = AuditCursorPagination
    filter_backends = (django_filters.rest_framework.DjangoFilterBackend,)
    filterset_class = AuditEventFilter

    def get_queryset(self):
        return audit_events_for_user(self.request.user)

    @extend_schema(
        responses={
            200: AuditEventSerializer(many=True),
            400: INVALID,
            401: NOT_SIGNED_IN,
        }
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
