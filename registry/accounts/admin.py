from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from registry.accounts.models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["provider"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, ("Registry", {"fields": ("is_regulator",)}))
    list_display = ("username", "email", "first_name", "last_name", "is_regulator", "is_staff")
    list_filter = ("is_regulator", *DjangoUserAdmin.list_filter)
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "provider", "role", "created_at")
    list_filter = ("role",)
    autocomplete_fields = ["user", "provider"]
