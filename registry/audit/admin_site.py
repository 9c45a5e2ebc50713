"""The registry's admin site: a second factor is required (django-otp's `OTPAdminSite`), and
every change made through it is recorded in the audit trail, in the transaction of the change.

Every ModelAdmin registered on the site is given `AuditedAdminMixin`, so reference data,
providers and people are covered whichever app registers them (the apps below the audit layer
cannot import it)."""

import json
from typing import Any

from django.contrib.admin import ModelAdmin
from django.contrib.auth.views import redirect_to_login
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Model, QuerySet
from django.urls import reverse
from django_otp.admin import OTPAdminSite

from registry.audit.services import record_event
from registry.providers.models import Provider


def _plain(value: Any) -> Any:
    if isinstance(value, Model):
        return str(value)
    if isinstance(value, QuerySet | list | tuple | set):
        return sorted(str(item) for item in value)
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _provider_of(obj: Model) -> Provider | None:
    if isinstance(obj, Provider):
        return obj
    provider = getattr(obj, "provider", None)
    return provider if isinstance(provider, Provider) else None


def _changes(form) -> tuple[dict[str, Any], dict[str, Any]]:
    before, after = {}, {}
    for name in form.changed_data:
        if "password" in name:  # never written into the trail, only that it changed
            before[name], after[name] = "", "changed"
            continue
        old, new = _plain(form.initial.get(name)), _plain(form.cleaned_data.get(name))
        if old != new:  # forms count some round trips (times, empty lists) as changes
            before[name], after[name] = old, new
    return before, after


def record_admin_event(request, obj: Model, action: str, before=None, after=None) -> None:
    record_event(
        actor=request.user,
        action=action,
        obj=obj,
        provider=_provider_of(obj),
        before=before,
        after=after,
        comment="admin",
    )


class AuditedAdminMixin:
    """Records `admin.added`, `admin.changed` (the changed fields, before and after) and
    `admin.deleted` events; the admin's views run each change in one transaction."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            record_admin_event(request, form.instance, "admin.added", after=_changes(form)[1])
        elif any(changes := _changes(form)):
            record_admin_event(request, form.instance, "admin.changed", *changes)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            record_admin_event(request, obj, "admin.added", after={"object": str(obj)})
        for obj, fields in formset.changed_objects:
            record_admin_event(request, obj, "admin.changed", after={"fields": sorted(fields)})
        for obj in formset.deleted_objects:
            record_admin_event(request, obj, "admin.deleted", before={"object": str(obj)})

    def delete_model(self, request, obj):
        record_admin_event(request, obj, "admin.deleted", before={"object": str(obj)})
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():  # the bulk action, unlike the views, brings no transaction
            for obj in queryset:
                record_admin_event(request, obj, "admin.deleted", before={"object": str(obj)})
            super().delete_queryset(request, queryset)


class RegistryAdminSite(OTPAdminSite):
    name = "admin"

    def __init__(self, name: str = "admin") -> None:
        super().__init__(name)

    def login(self, request, extra_context=None):
        """One way in: the registry's sign-in page, with its second step."""
        return redirect_to_login(request.GET.get("next") or self.index_url())

    def index_url(self) -> str:
        return reverse("admin:index", current_app=self.name)

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or ModelAdmin
        if not issubclass(admin_class, AuditedAdminMixin):
            admin_class = type(
                admin_class.__name__,
                (AuditedAdminMixin, admin_class),
                {"__module__": admin_class.__module__},
            )
        super().register(model_or_iterable, admin_class, **options)
