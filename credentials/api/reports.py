"""The automatic checks of a micro-credential's submissions, for the provider's members and for
regulators; everybody else gets 404 (the access gates in `credentials.selectors`)."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import IsAuthenticated

from credentials import selectors
from credentials.models import CheckReport
from registry.accounts.api_auth import HasKeyScope
from registry.core.api_schema import NOT_FOUND, NOT_SIGNED_IN


class CheckSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="e.g. provider_registered, credit_hours, duplicates.")
    name = serializers.CharField()
    status = serializers.CharField(help_text="pass, warn or fail.")
    message = serializers.CharField()


class VerificationReportSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(source="version_id", help_text="Id of the version.")
    version_number = serializers.IntegerField(source="version.number")
    checks = CheckSerializer(many=True)

    class Meta:
        model = CheckReport
        fields = (
            "id",
            "version",
            "version_number",
            "state",
            "outcome",
            "checks",
            "created_at",
            "completed_at",
        )
        read_only_fields = fields


class ReportCursorPagination(CursorPagination):
    page_size = 20
    ordering = ("-created_at", "-id")


class ReportList(generics.ListAPIView):
    serializer_class = VerificationReportSerializer
    permission_classes = (IsAuthenticated, HasKeyScope)
    pagination_class = ReportCursorPagination
    filter_backends = ()

    @extend_schema(
        responses={
            200: VerificationReportSerializer(many=True),
            401: NOT_SIGNED_IN,
            404: NOT_FOUND,
        }
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class MicroCredentialReportList(ReportList):
    """The checks run on each submission of the micro-credential, newest first: for the
    provider's members and regulators."""

    def get_queryset(self):
        micro_credential = selectors.micro_credential_for_user(
            self.request.user, self.kwargs["code"], provider_slug=self.kwargs["slug"]
        )
        return CheckReport.objects.filter(
            version__micro_credential=micro_credential
        ).select_related("version")


class VersionReportList(ReportList):
    """The checks run on one version's submissions, newest first: for regulators."""

    def get_queryset(self):
        version = selectors.version_for_regulator(self.request.user, self.kwargs["pk"])
        return version.check_reports.select_related("version")
