"""Shape of an audit event in the API."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from registry.audit.models import AuditEvent


class AuditObjectSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="app_label.model, e.g. credentials.microcredential.")
    id = serializers.CharField()
    repr = serializers.CharField(help_text="How the object read when the event was recorded.")


class AuditEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(
        source="actor_label", help_text="Username, or “system” for automatic work."
    )
    object = serializers.SerializerMethodField()
    provider = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = AuditEvent
        fields = (
            "id",
            "created_at",
            "actor",
            "action",
            "object",
            "provider",
            "before",
            "after",
            "comment",
            "request_id",
        )
        read_only_fields = fields

    @extend_schema_field(AuditObjectSerializer)
    def get_object(self, event) -> dict:
        content_type = event.content_type
        return {
            "type": f"{content_type.app_label}.{content_type.model}",
            "id": event.object_id,
            "repr": event.object_repr,
        }
