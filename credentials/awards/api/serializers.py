"""Shapes of the awards API. Content rules live in `credentials.awards.forms.AwardForm`."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from credentials.awards import links
from credentials.awards.models import Award, IssuanceBatch, VerificationBatch
from registry.core.public_urls import absolute_url


class AwardInputSerializer(serializers.Serializer):
    """What issuing one award takes (documentation; the award form checks it)."""

    micro_credential = serializers.CharField(help_text="Code of a published micro-credential.")
    learner_name = serializers.CharField()
    learner_email = serializers.EmailField(help_text="Only a salted hash is in the credential.")
    learner_identifier = serializers.CharField(
        required=False, help_text="National or student identifier; kept only as a salted hash."
    )
    result = serializers.CharField(required=False)
    evidence_url = serializers.URLField(required=False)
    issued_on = serializers.DateField()
    external_id = serializers.CharField(
        help_text="Unique per provider: sending it again returns the award already issued."
    )
    language = serializers.ChoiceField(
        choices=["en", "fr"],
        required=False,
        help_text="The learner's language (their e-mail and certificate); en if absent.",
    )


class AwardSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="verification_code")
    micro_credential = serializers.CharField(source="version.micro_credential.code")
    version = serializers.IntegerField(source="version.number")
    title = serializers.CharField(source="version.title")
    state = serializers.CharField(help_text="valid, revoked or expired.")
    verify_url = serializers.SerializerMethodField()
    credential_url = serializers.SerializerMethodField()
    certificate_state = serializers.CharField(
        help_text="The certificate PDF: pending (being rendered), ready, or none (not requested)."
    )
    certificate_url = serializers.SerializerMethodField(
        help_text="Where the provider's members download the PDF in the portal, once ready."
    )

    class Meta:
        model = Award
        fields: tuple[str, ...] = (
            "code",
            "external_id",
            "micro_credential",
            "version",
            "title",
            "learner_name",
            "learner_email",
            "result",
            "evidence_url",
            "issued_on",
            "valid_until",
            "state",
            "revoked_at",
            "revocation_reason",
            "verification_count",
            "verify_url",
            "credential_url",
            "certificate_state",
            "certificate_url",
            "created_at",
        )

    @extend_schema_field(serializers.URLField())
    def get_verify_url(self, award) -> str:
        return links.verify_url(award.verification_code)

    @extend_schema_field(serializers.URLField())
    def get_credential_url(self, award) -> str:
        return links.credential_url(award.verification_code)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_certificate_url(self, award) -> str | None:
        if not award.certificate_name:
            return None
        return links.portal_certificate_url(award.provider.slug, award.verification_code)


class AwardDetailSerializer(AwardSerializer):
    credential = serializers.JSONField(help_text="The signed OpenBadgeCredential.")

    class Meta(AwardSerializer.Meta):
        fields = (*AwardSerializer.Meta.fields, "credential")


class LearnerLinkSerializer(serializers.Serializer):
    """A link sent to the learner (the link itself is only in the learner's e-mail)."""

    learner_email = serializers.EmailField(help_text="Where the link was sent (in lower case).")
    sent_at = serializers.DateTimeField(source="created_at")
    expires_at = serializers.DateTimeField()


class RevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class BulkIssueSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A .csv or .xlsx file with the bulk issuance columns.")


class BatchSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField()

    class Meta:
        model = IssuanceBatch
        fields = (
            "id",
            "file_name",
            "state",
            "total",
            "issued",
            "percent",
            "created_at",
            "finished_at",
            "learners_notified_at",
        )


class VerifyCodeSerializer(serializers.Serializer):
    code = serializers.CharField()


class VerdictSerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(
        choices=["valid", "revoked", "expired", "tampered", "unknown", "mismatched"],
        help_text="mismatched: a certificate PDF carrying another award's credential than the "
        "code printed on it.",
    )
    headline = serializers.CharField()
    explanation = serializers.CharField()
    warnings = serializers.ListField(child=serializers.CharField())
    award = serializers.DictField(required=False, help_text="What the register knows.")


class BulkVerifyUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="A .csv file of verification codes (one a row; a header row and other columns "
        "are optional, the other columns are echoed back), or a .zip of credential files (.json) "
        "and certificate PDFs (.pdf)."
    )


class BulkVerdictSerializer(serializers.Serializer):
    """One row's verdict (dates are ISO 8601, empty when the register has none)."""

    row = serializers.IntegerField(help_text="The file's row number, or the file's position.")
    input = serializers.CharField(
        allow_blank=True, help_text="The code checked, or the file's name in the archive."
    )
    extra = serializers.ListField(
        child=serializers.CharField(allow_blank=True), help_text="The row's other cells."
    )
    verdict = serializers.ChoiceField(
        choices=[
            "valid",
            "revoked",
            "expired",
            "tampered",
            "unknown",
            "malformed",
            "unreadable",
        ]
    )
    headline = serializers.CharField()
    explanation = serializers.CharField(allow_blank=True)
    warnings = serializers.ListField(child=serializers.CharField())
    learner_name = serializers.CharField(allow_blank=True)
    micro_credential = serializers.CharField(allow_blank=True)
    micro_credential_code = serializers.CharField(allow_blank=True)
    provider = serializers.CharField(allow_blank=True)
    provider_slug = serializers.CharField(allow_blank=True)
    issued_on = serializers.CharField(allow_blank=True)
    valid_until = serializers.CharField(allow_blank=True)
    revoked_at = serializers.CharField(allow_blank=True)
    verification_code = serializers.CharField(allow_blank=True)


class VerificationBatchSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="public_id", help_text="Unguessable: keep it to yourself.")
    percent = serializers.IntegerField()
    columns = serializers.ListField(
        child=serializers.CharField(), help_text="Names of the echoed columns, in order."
    )
    results = BulkVerdictSerializer(many=True, help_text="The rows verified so far, in order.")
    url = serializers.SerializerMethodField()
    csv_url = serializers.SerializerMethodField()

    class Meta:
        model = VerificationBatch
        fields = (
            "id",
            "file_name",
            "kind",
            "state",
            "total",
            "done",
            "percent",
            "created_at",
            "finished_at",
            "expires_at",
            "url",
            "csv_url",
            "columns",
            "results",
        )

    @extend_schema_field(serializers.URLField())
    def get_url(self, batch) -> str:
        return absolute_url(
            reverse("verification-batch-detail", kwargs={"public_id": batch.public_id})
        )

    @extend_schema_field(serializers.URLField())
    def get_csv_url(self, batch) -> str:
        return absolute_url(
            reverse("verification-batch-csv", kwargs={"public_id": batch.public_id})
        )
