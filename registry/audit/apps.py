from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    default = True
    name = "registry.audit"
    label = "audit"
    verbose_name = _("Audit trail")


class AdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the registry's site: a second factor, and every change audited."""

    default = False
    default_site = "registry.audit.admin_site.RegistryAdminSite"
