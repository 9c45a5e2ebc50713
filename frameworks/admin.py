"""Where regulators correct the reference data: every model is editable here."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from frameworks.models import (
    CreditSystem,
    DescriptionElement,
    FieldOfStudy,
    FrameworkAlignment,
    FrameworkRule,
    Level,
    LevelReference,
    QualificationsFramework,
    Skill,
)


class ReferenceDataAdmin(admin.ModelAdmin):
    # Sources are https nowadays; also silences Django 5.x's warning about the default scheme.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(CreditSystem)
class CreditSystemAdmin(ReferenceDataAdmin):
    list_display = (
        "code",
        "name",
        "jurisdiction",
        "hours_per_credit_min",
        "hours_per_credit_max",
        "credits_per_full_time_year",
        "is_provisional",
        "confidence",
    )
    list_filter = ("is_provisional", "confidence")
    search_fields = ("code", "name", "jurisdiction")


class LevelInline(admin.TabularInline):
    model = Level
    fields = ("code", "ordinal", "title", "confidence")
    extra = 0
    show_change_link = True


class FrameworkAlignmentInline(admin.TabularInline):
    model = FrameworkAlignment
    fk_name = "framework"
    fields = ("target", "levels", "target_levels", "relation", "status", "confidence")
    autocomplete_fields = ("target",)
    extra = 0


@admin.register(QualificationsFramework)
class QualificationsFrameworkAdmin(ReferenceDataAdmin):
    list_display = ("code", "name", "short_name", "jurisdiction", "credit_system")
    list_filter = ("jurisdiction", "credit_system")
    list_select_related = ("credit_system",)
    search_fields = ("code", "name", "short_name", "jurisdiction")
    autocomplete_fields = ("credit_system",)
    inlines = (LevelInline, FrameworkAlignmentInline)


class LevelReferenceInline(admin.TabularInline):
    model = LevelReference
    fk_name = "from_level"
    fields = ("to_framework", "to_level", "relation", "status", "confidence")
    autocomplete_fields = ("to_framework", "to_level")
    extra = 0


@admin.register(Level)
class LevelAdmin(ReferenceDataAdmin):
    list_display = ("__str__", "framework", "code", "title", "has_descriptors", "confidence")
    list_filter = ("framework", "confidence")
    list_select_related = ("framework",)
    search_fields = ("framework__code", "framework__short_name", "code", "title", "knowledge")
    autocomplete_fields = ("framework",)
    ordering = ("framework__code", "ordinal", "code")
    inlines = (LevelReferenceInline,)
    fieldsets = (
        (None, {"fields": ("framework", "code", "ordinal", "title")}),
        (
            _("Descriptors"),
            {"fields": ("knowledge", "skills", "autonomy", "descriptor_source_url")},
        ),
        (
            _("Typical qualifications"),
            {"fields": ("typical_qualifications", "typical_credits")},
        ),
        (_("Source"), {"fields": ("source_url", "confidence")}),
    )

    @admin.display(boolean=True, description=_("descriptors"))
    def has_descriptors(self, level: Level) -> bool:
        return level.has_descriptors


@admin.register(LevelReference)
class LevelReferenceAdmin(ReferenceDataAdmin):
    list_display = ("from_level", "to_framework", "to_level", "relation", "status", "confidence")
    list_filter = ("relation", "to_framework", "from_level__framework", "confidence")
    list_select_related = ("from_level__framework", "to_framework", "to_level__framework")
    search_fields = ("from_level__framework__code", "to_framework__code", "status", "basis")
    autocomplete_fields = ("from_level", "to_framework", "to_level")


@admin.register(FrameworkAlignment)
class FrameworkAlignmentAdmin(ReferenceDataAdmin):
    list_display = ("framework", "levels", "target", "target_levels", "relation", "confidence")
    list_filter = ("relation", "target", "confidence")
    list_select_related = ("framework", "target")
    search_fields = ("framework__code", "target__code", "status", "basis")
    autocomplete_fields = ("framework", "target")


@admin.register(FieldOfStudy)
class FieldOfStudyAdmin(ReferenceDataAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    list_select_related = ("parent",)
    search_fields = ("code", "name")
    autocomplete_fields = ("parent",)


@admin.register(FrameworkRule)
class FrameworkRuleAdmin(ReferenceDataAdmin):
    list_display = ("jurisdiction", "rule", "value", "minimum", "maximum", "unit", "confidence")
    list_filter = ("jurisdiction", "framework", "confidence")
    search_fields = ("rule", "instrument", "value")
    autocomplete_fields = ("framework",)


@admin.register(DescriptionElement)
class DescriptionElementAdmin(ReferenceDataAdmin):
    list_display = ("number", "key", "label", "status", "confidence")
    list_filter = ("status",)
    search_fields = ("key", "label")


@admin.register(Skill)
class SkillAdmin(ReferenceDataAdmin):
    list_display = ("label", "skill_type", "reuse_level", "collections", "concept_uri")
    list_filter = ("skill_type", "reuse_level")
    search_fields = ("label", "concept_uri")
