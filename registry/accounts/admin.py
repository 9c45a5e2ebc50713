"""People in the admin. Only superusers may grant privileges (superuser, staff, regulator, groups,
permissions) or change a superuser; memberships are managed by each provider's admins in the
portal, so they are read-only here. Every change is audited by the registry's admin site."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction

from registry.accounts.models import Membership, User
from registry.audit.admin_site import record_admin_event

PRIVILEGE_FIELDS = ("is_superuser", "is_staff", "is_regulator", "groups", "user_permissions")


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("provider", "role", "created_at")
    readonly_fields = fields


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, ("Registry", {"fields": ("is_regulator",)}))
    list_display = ("username", "email", "first_name", "last_name", "is_regulator", "is_staff")
    list_filter = ("is_regulator", *DjangoUserAdmin.list_filter)
    inlines = [MembershipInline]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return fields
        return (*fields, *PRIVILEGE_FIELDS)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                user = self.get_object(request, id)
                record_admin_event(request, user, "admin.password_set")
        return response


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("user", "provider", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("user__email", "user__username", "provider__legal_name")
