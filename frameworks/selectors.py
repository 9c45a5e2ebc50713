"""Reads of the frameworks app that pages, the API and other apps rely on."""

from django.db.models import Q, QuerySet

from frameworks.models import (
    CreditSystem,
    FieldOfStudy,
    FrameworkAlignment,
    Level,
    LevelReference,
    QualificationsFramework,
)


def frameworks_with_level_counts() -> QuerySet[QualificationsFramework]:
    """Every framework with its credit system and `level_count`."""
    return QualificationsFramework.objects.with_level_counts().order_by("code")


def frameworks_with_levels() -> QuerySet[QualificationsFramework]:
    """Every framework with its credit system, levels (and their references) and alignments."""
    return QualificationsFramework.objects.with_levels().order_by("code")


def framework_with_levels(code: str) -> QualificationsFramework:
    """The framework with that code, its levels and alignments; raises `DoesNotExist`."""
    return frameworks_with_levels().get(code=code)


def level_detail(framework_code: str, level_code: str) -> Level:
    """One level with its framework; raises `Level.DoesNotExist`."""
    return Level.objects.select_related("framework__credit_system").get(
        framework__code=framework_code, code=level_code
    )


def referenced_levels(level: Level) -> list[LevelReference]:
    """How `level` is referenced to other frameworks, with their framework and level loaded."""
    return list(LevelReference.objects.filter(from_level=level).with_targets())


def referencing_levels(level: Level) -> list[LevelReference]:
    """References from levels of other frameworks to `level` (e.g. national levels to EQF 6)."""
    return list(LevelReference.objects.filter(to_level=level).with_sources())


def framework_alignments(framework: QualificationsFramework) -> list[FrameworkAlignment]:
    """Framework-wide alignments from or to `framework`, whose level-by-level result is unknown."""
    return list(
        FrameworkAlignment.objects.filter(Q(framework=framework) | Q(target=framework))
        .select_related("framework", "target")
        .order_by("framework__code", "target__code")
    )


def credit_systems() -> QuerySet[CreditSystem]:
    return CreditSystem.objects.order_by("code")


def fields_of_study() -> QuerySet[FieldOfStudy]:
    return FieldOfStudy.objects.select_related("parent").order_by("code")
