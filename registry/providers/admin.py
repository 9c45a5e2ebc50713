from django.contrib import admin

from registry.providers.models import Provider


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    """Details, audited by the admin site. Registration, status changes (approve, suspend,
    deregister, reinstate) and scope go through the regulator's pages at /review/providers/ and
    `registry.providers.services`, which check, audit and announce them, so they are read-only
    here and providers are neither added nor deleted here."""

    list_display = ("legal_name", "trading_name", "provider_type", "country", "status")
    list_filter = ("status", "provider_type", "country")
    search_fields = ("legal_name", "trading_name", "registration_number", "slug")
    readonly_fields = (
        "slug",
        "scope_frameworks",
        "scope_highest_level",
        "scope_fields",
        "scope_recognition_types",
        "status",
        "status_reason",
        "status_effective_date",
        "registered_at",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "legal_name",
                    "trading_name",
                    "slug",
                    "registration_number",
                    "provider_type",
                    "country",
                    "website",
                    "contact_email",
                )
            },
        ),
        (
            "Status",
            {
                "fields": (
                    "status",
                    "status_reason",
                    "status_effective_date",
                    "registered_at",
                    "created_at",
                    "updated_at",
                )
            },
        ),
        (
            "Accreditation scope",
            {
                "fields": (
                    "scope_frameworks",
                    "scope_highest_level",
                    "scope_fields",
                    "scope_recognition_types",
                )
            },
        ),
        ("Applicant", {"fields": ("applicant_name", "applicant_email")}),
    )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
