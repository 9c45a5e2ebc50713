"""Shapes of the read-only frameworks API."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from frameworks import selectors
from frameworks.models import (
    CreditSystem,
    FieldOfStudy,
    FrameworkAlignment,
    Level,
    LevelReference,
    QualificationsFramework,
)


class CreditSystemSerializer(serializers.ModelSerializer):
    class Meta:
        model = CreditSystem
        fields = (
            "code",
            "name",
            "jurisdiction",
            "hours_per_credit_min",
            "hours_per_credit_max",
            "credits_per_full_time_year",
            "is_provisional",
            "provisional_basis",
            "notes",
            "source_url",
            "confidence",
        )


class LevelSerializer(serializers.ModelSerializer):
    class Meta:
        model = Level
        fields = (
            "code",
            "ordinal",
            "title",
            "knowledge",
            "skills",
            "autonomy",
            "descriptor_source_url",
            "typical_qualifications",
            "typical_credits",
            "source_url",
            "confidence",
        )


class AlignmentSerializer(serializers.ModelSerializer):
    target = serializers.CharField(source="target.code")

    class Meta:
        model = FrameworkAlignment
        fields = (
            "target",
            "levels",
            "target_levels",
            "relation",
            "status",
            "basis",
            "source_url",
            "confidence",
        )


class FrameworkSerializer(serializers.ModelSerializer):
    credit_system = CreditSystemSerializer(allow_null=True)
    levels = LevelSerializer(many=True)
    alignments = AlignmentSerializer(
        many=True, help_text="Framework-wide alignments; no level-by-level result is implied."
    )

    class Meta:
        model = QualificationsFramework
        fields = (
            "code",
            "name",
            "short_name",
            "jurisdiction",
            "jurisdiction_code",
            "description",
            "source_url",
            "credit_system",
            "levels",
            "alignments",
        )


class ReferenceSerializer(serializers.ModelSerializer):
    framework = serializers.CharField(source="to_framework.code")
    level = serializers.CharField(source="to_level.code", allow_null=True, default=None)

    class Meta:
        model = LevelReference
        fields = ("framework", "level", "relation", "status", "basis", "source_url", "confidence")


class ReferencedBySerializer(serializers.ModelSerializer):
    framework = serializers.CharField(source="from_level.framework.code")
    level = serializers.CharField(source="from_level.code")

    class Meta:
        model = LevelReference
        fields = ("framework", "level", "relation", "status", "source_url", "confidence")


class LevelDetailSerializer(LevelSerializer):
    framework = serializers.CharField(source="framework.code")
    referenced_levels = serializers.SerializerMethodField()
    referenced_by = serializers.SerializerMethodField()

    class Meta(LevelSerializer.Meta):
        fields = ("framework", *LevelSerializer.Meta.fields, "referenced_levels", "referenced_by")

    @extend_schema_field(ReferenceSerializer(many=True))
    def get_referenced_levels(self, level: Level):
        return ReferenceSerializer(selectors.referenced_levels(level), many=True).data

    @extend_schema_field(ReferencedBySerializer(many=True))
    def get_referenced_by(self, level: Level):
        return ReferencedBySerializer(selectors.referencing_levels(level), many=True).data


class FieldOfStudySerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent.code", allow_null=True, default=None)

    class Meta:
        model = FieldOfStudy
        fields = ("code", "level", "name", "parent")


class ConversionQuerySerializer(serializers.Serializer):
    """Query parameters of the converter: `from`, `to`, `credits` (shape only)."""

    credits = serializers.DecimalField(max_digits=9, decimal_places=2)
    from_system = serializers.CharField(max_length=32, help_text="Code of the credit system.")
    to_system = serializers.CharField(max_length=32, help_text="Code of the credit system.")

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = fields.pop("from_system")
        fields["to"] = fields.pop("to_system")
        return fields


class ConversionSerializer(serializers.Serializer):
    credits = serializers.DecimalField(max_digits=None, decimal_places=2)
    from_system = serializers.CharField()
    to_system = serializers.CharField()
    low = serializers.DecimalField(max_digits=None, decimal_places=1)
    high = serializers.DecimalField(max_digits=None, decimal_places=1)
    is_range = serializers.BooleanField()
    hours_low = serializers.DecimalField(max_digits=None, decimal_places=1)
    hours_high = serializers.DecimalField(max_digits=None, decimal_places=1)
    provisional = serializers.BooleanField(
        help_text="Either system's hours per credit are provisional."
    )
    rounding = serializers.CharField()
