from django.contrib import admin

from registry.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only."""

    list_display = ("created_at", "actor_label", "action", "object_repr", "provider")
    list_filter = ("action", "content_type")
    search_fields = ("actor_label", "object_repr", "action", "request_id")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
