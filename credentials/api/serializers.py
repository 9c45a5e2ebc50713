"""Shapes of the micro-credential API. Serializers validate shape only; the rules for content live
in `credentials.forms.MicroCredentialForm` and the workflow in `credentials.services`."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from credentials.models import CONTENT_FIELDS, MicroCredentialVersion
from frameworks.models import Level


class LevelRefSerializer(serializers.Serializer):
    framework = serializers.CharField(help_text="Code of the qualifications framework.")
    code = serializers.CharField(help_text="Code of the level within the framework.")
    title = serializers.CharField(read_only=True)

    def to_representation(self, level: Level):
        return {"framework": level.framework.code, "code": level.code, "title": level.title}


class ProviderRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField(source="display_name")


class VersionContentSerializer(serializers.ModelSerializer):
    """Every element of a micro-credential (EU Council Recommendation, 2022), as read."""

    level = LevelRefSerializer()
    credit_system = serializers.CharField(source="credit_system.code")
    field_of_study = serializers.CharField(source="field_of_study.code")

    class Meta:
        model = MicroCredentialVersion
        fields = CONTENT_FIELDS


class PublicMicroCredentialSerializer(VersionContentSerializer):
    """A micro-credential as the public register shows it: its published version."""

    code = serializers.CharField(source="micro_credential.code")
    provider = ProviderRefSerializer(source="micro_credential.provider")
    version = serializers.IntegerField(source="number")
    url = serializers.SerializerMethodField(help_text="The public page of the record.")

    class Meta(VersionContentSerializer.Meta):
        fields = (
            "code",
            "url",
            "provider",
            "version",
            "status",
            "published_at",
            *CONTENT_FIELDS,
        )

    @extend_schema_field(serializers.URLField())
    def get_url(self, version) -> str:
        path = reverse("public:micro_credential", args=[version.micro_credential.code])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def to_representation(self, version) -> dict:
        """What the declared fields give (`tests/credentials/api/test_api_public_representation.py`
        holds the two equal), written out: this is the register's most read shape, and a
        ModelSerializer builds its thirty fields anew for every instance, which costs more than
        the query (see `benchmarks/api_read.py`)."""
        micro_credential = version.micro_credential
        provider = micro_credential.provider
        level = version.level
        return {
            "code": micro_credential.code,
            "url": self.get_url(version),
            "provider": {"slug": provider.slug, "name": provider.display_name},
            "version": version.number,
            "status": version.status,
            "published_at": _TIMESTAMP.to_representation(version.published_at),
            "title": version.title,
            "summary": version.summary,
            "kind": version.kind,
            "learning_outcomes": list(version.learning_outcomes),
            "level": {"framework": level.framework.code, "code": level.code, "title": level.title},
            "credits": _CREDITS.to_representation(version.credits),
            "credit_system": version.credit_system.code,
            "notional_hours": version.notional_hours,
            "assessment_type": version.assessment_type,
            "assessment_description": version.assessment_description,
            "participation_mode": version.participation_mode,
            "pacing": version.pacing,
            "quality_assurance": version.quality_assurance,
            "recognition_type": version.recognition_type,
            "field_of_study": version.field_of_study.code,
            "skills": list(version.skills),
            "languages": list(version.languages),
            "prerequisites": version.prerequisites,
            "validity_months": version.validity_months,
            "stackability": version.stackability,
            "public_url": version.public_url,
        }


_TIMESTAMP = serializers.DateTimeField()
_CREDITS = serializers.DecimalField(
    max_digits=MicroCredentialVersion._meta.get_field("credits").max_digits,
    decimal_places=MicroCredentialVersion._meta.get_field("credits").decimal_places,
)


class WorkingVersionSerializer(VersionContentSerializer):
    """A provider's micro-credential with the version it is working on."""

    code = serializers.CharField(source="micro_credential.code")
    version = serializers.IntegerField(source="number")
    etag = serializers.SerializerMethodField(help_text="Send it back as If-Match when editing.")
    is_published = serializers.SerializerMethodField()

    class Meta(VersionContentSerializer.Meta):
        fields = (
            "id",
            "code",
            "version",
            "status",
            "revision",
            "etag",
            "is_published",
            "status_reason",
            "created_at",
            "updated_at",
            "submitted_at",
            "decided_at",
            "published_at",
            *CONTENT_FIELDS,
        )

    def get_etag(self, version) -> str:
        return etag_for(version)

    def get_is_published(self, version) -> bool:
        return version.micro_credential.published_version_id is not None


def etag_for(version: MicroCredentialVersion) -> str:
    return f'"{version.pk}-{version.revision}"'


class VersionInputSerializer(serializers.Serializer):
    """The writable elements, for the schema and for shape: list fields are lists, `level` is
    {framework, code}, `credit_system` and `field_of_study` are codes. The content rules are
    checked by `MicroCredentialForm`."""

    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(required=False, allow_blank=True)
    kind = serializers.CharField(required=False)
    learning_outcomes = serializers.ListField(child=serializers.CharField(), required=False)
    level = LevelRefSerializer()
    credits = serializers.DecimalField(max_digits=6, decimal_places=2)
    credit_system = serializers.CharField(help_text="Code of the credit system.")
    notional_hours = serializers.IntegerField()
    assessment_type = serializers.CharField()
    assessment_description = serializers.CharField(required=False, allow_blank=True)
    participation_mode = serializers.CharField()
    pacing = serializers.CharField()
    quality_assurance = serializers.CharField()
    recognition_type = serializers.CharField()
    field_of_study = serializers.CharField(help_text="ISCED-F 2013 code.")
    skills = serializers.ListField(child=serializers.CharField(), required=False)
    languages = serializers.ListField(child=serializers.CharField(), help_text="ISO 639-1 codes.")
    prerequisites = serializers.CharField(required=False, allow_blank=True)
    validity_months = serializers.IntegerField(required=False, allow_null=True)
    stackability = serializers.CharField(required=False, allow_blank=True)
    public_url = serializers.URLField(required=False, allow_blank=True)


class SubmitSerializer(serializers.Serializer):
    response = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=5000)


class ReviewCommentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    body = serializers.CharField()
    created_at = serializers.DateTimeField()


class SubmissionSerializer(serializers.Serializer):
    version = WorkingVersionSerializer()
    verification_report = serializers.IntegerField(help_text="Id of the queued checks.")
