"""Admin for micro-credentials: a read-only window on versions and checks. Every change of status
goes through the review pages and `credentials.services`, which audit it."""

from django.contrib import admin

from credentials.models import (
    CheckReport,
    MicroCredential,
    MicroCredentialVersion,
    ReviewComment,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class VersionInline(ReadOnlyInline):
    model = MicroCredentialVersion
    fields = ("number", "title", "status", "level", "credits", "submitted_at", "published_at")
    readonly_fields = fields
    ordering = ("-number",)


@admin.register(MicroCredential)
class MicroCredentialAdmin(admin.ModelAdmin):
    list_display = ("code", "provider", "published_version", "created_at")
    list_filter = ("provider",)
    search_fields = ("code", "versions__title", "provider__legal_name")
    readonly_fields = ("code", "provider", "published_version", "created_at", "created_by")
    inlines = [VersionInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CheckReport)
class VerificationReportAdmin(admin.ModelAdmin):
    list_display = ("version", "state", "outcome", "created_at", "completed_at")
    list_filter = ("state", "outcome")
    search_fields = ("version__title", "version__micro_credential__code")
    readonly_fields = ("version", "state", "outcome", "checks", "created_at", "completed_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReviewComment)
class ReviewCommentAdmin(admin.ModelAdmin):
    list_display = ("version", "kind", "author", "created_at")
    list_filter = ("kind",)
    search_fields = ("body", "version__title", "version__micro_credential__code")
    readonly_fields = ("version", "kind", "author", "created_at", "body")
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
