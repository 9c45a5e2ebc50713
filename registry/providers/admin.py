from django.contrib import admin

from registry.providers.models import Provider


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ("legal_name", "trading_name", "provider_type", "country", "status")
    list_filter = ("status", "provider_type", "country")
    search_fields = ("legal_name", "trading_name", "registration_number", "slug")
    prepopulated_fields = {"slug": ("legal_name",)}
