"""The automatic checks of a micro-credential's submissions, for the provider's members and for
regulators; everybody else gets 404 (the access gates in `credentials.selectors`)."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import IsAuthenticated

from credentials import selectors
from credentials.api.views import NOT_FOUND, problem
from credentials.models import VerificationReport
from registry.accounts.api_auth import HasKeyScope
from registry.providers.models import Provider


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
        model = VerificationReport
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
            401: problem("No credentials: sign in or send an API key (problem details)."),
            404: NOT_FOUND,
        }
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class MicroCredentialReportList(ReportList):
    """The checks run on each submission of the micro-credential, newest first: for the
    provider's members and regulators."""

    def get_queryset(self):
        provider = Provider.objects.filter(slug=self.kwargs["slug"]).first()
        if provider is None:
            raise Http404
        micro_credential = selectors.micro_credential_for_user(
            self.request.user, self.kwargs["code"], provider=provider
        )
        return VerificationReport.objects.filter(
            version__micro_credential=micro_credential
        ).select_related("version")


class VersionReportList(ReportList):
    """The checks run on one version's submissions, newest first: for regulators."""

    def get_queryset(self):
        if not getattr(self.request.user, "is_regulator", False):
            raise Http404
        version = selectors.version_for_user(self.request.user, self.kwargs["pk"])
        return version.verification_reports.select_related("version")
