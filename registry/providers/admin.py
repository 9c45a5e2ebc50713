from django.contrib import admin

from registry.providers.models import Provider


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    """Details and scope. Status changes (approve, suspend, deregister, reinstate) go through the
    regulator's pages and `registry.providers.services`, which audit them and email the provider,
    so the status fields are read-only here."""

    list_display = ("legal_name", "trading_name", "provider_type", "country", "status")
    list_filter = ("status", "provider_type", "country")
    search_fields = ("legal_name", "trading_name", "registration_number", "slug")
    prepopulated_fields = {"slug": ("legal_name",)}
    filter_horizontal = ("scope_frameworks", "scope_fields")
    readonly_fields = (
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
