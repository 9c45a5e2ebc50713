"""Shapes of the provider API. Serializers describe and check shape only; the rules for a
provider's details and scope live in `registry.providers.forms` and its services."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from registry.providers.models import Provider, RecognitionType


class FieldOfStudyRefSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="ISCED-F 2013 code.")
    name = serializers.CharField()


class ScopeSerializer(serializers.Serializer):
    """What a provider may award. On input the frameworks and fields are codes; every key is
    required, since the scope is replaced as a whole."""

    frameworks = serializers.ListField(
        child=serializers.CharField(), help_text="Codes of the qualifications frameworks."
    )
    highest_level = serializers.IntegerField(
        allow_null=True, help_text="The highest level number it may award; null for none."
    )
    fields_of_study = serializers.ListField(
        child=serializers.CharField(),
        help_text="ISCED-F 2013 codes of broad or narrow fields; each covers the fields beneath.",
    )
    recognition_types = serializers.ListField(
        child=serializers.ChoiceField(choices=RecognitionType.choices)
    )


class ScopeReadSerializer(serializers.Serializer):
    frameworks = serializers.SerializerMethodField()
    highest_level = serializers.IntegerField(source="scope_highest_level", allow_null=True)
    fields_of_study = serializers.SerializerMethodField()
    recognition_types = serializers.ListField(
        source="scope_recognition_types",
        child=serializers.ChoiceField(choices=RecognitionType.choices),
    )

    def get_frameworks(self, provider) -> list[str]:
        return sorted(framework.code for framework in provider.scope_frameworks.all())

    @extend_schema_field(FieldOfStudyRefSerializer(many=True))
    def get_fields_of_study(self, provider):
        fields = sorted(provider.scope_fields.all(), key=lambda field: field.code)
        return [{"code": field.code, "name": field.name} for field in fields]


class ProviderSerializer(serializers.ModelSerializer):
    """A provider as the public register shows it, with its status and accreditation scope."""

    name = serializers.CharField(source="display_name", read_only=True)
    scope = ScopeReadSerializer(source="*", read_only=True)

    class Meta:
        model = Provider
        fields = (
            "slug",
            "name",
            "legal_name",
            "trading_name",
            "registration_number",
            "provider_type",
            "country",
            "website",
            "status",
            "status_reason",
            "status_effective_date",
            "registered_at",
            "scope",
        )
        read_only_fields = fields


class ProviderRegistrationSerializer(serializers.Serializer):
    """A provider registered directly by a regulator: its details and, optionally, its scope."""

    legal_name = serializers.CharField(max_length=255)
    trading_name = serializers.CharField(max_length=255, required=False, allow_blank=True)
    registration_number = serializers.CharField(max_length=64, required=False, allow_blank=True)
    provider_type = serializers.ChoiceField(choices=Provider.Type.choices)
    country = serializers.CharField(max_length=2, help_text="ISO 3166-1 alpha-2 code, e.g. MU.")
    website = serializers.URLField(required=False, allow_blank=True)
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    scope = ScopeSerializer(required=False)


class StatusChangeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
    effective_date = serializers.DateField(
        required=False, help_text="When it takes effect (YYYY-MM-DD); today when left out."
    )


class ReinstateSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
