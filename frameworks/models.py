"""Qualification frameworks, their levels, credit systems and the reference data around them.

Every row here is data a regulator may correct in the admin; `services.load_reference_data` seeds it
from `frameworks/reference_data/`.
"""

from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Count, Prefetch
from django.utils.translation import gettext_lazy as _

CONFIDENCE_HELP = _("How sure the source is: high, medium, low or unconfirmed.")


class CreditSystem(models.Model):
    """A credit system, defined by the notional hours of learning one credit stands for."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    jurisdiction = models.CharField(_("jurisdiction"), max_length=100, blank=True)
    hours_per_credit_min = models.DecimalField(
        _("notional hours per credit (minimum)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
    )
    hours_per_credit_max = models.DecimalField(
        _("notional hours per credit (maximum)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
    )
    credits_per_full_time_year = models.PositiveIntegerField(
        _("credits per full-time year"), null=True, blank=True
    )
    is_provisional = models.BooleanField(
        _("provisional"),
        default=False,
        help_text=_("The hours per credit are a working assumption, not a confirmed value."),
    )
    provisional_basis = models.TextField(_("basis of the provisional value"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=64, blank=True, help_text=CONFIDENCE_HELP
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("credit system")
        verbose_name_plural = _("credit systems")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours_per_credit_min__gt=0)
                | models.Q(hours_per_credit_min__isnull=True),
                name="credit_system_hours_min_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(hours_per_credit_max__gte=models.F("hours_per_credit_min"))
                | models.Q(hours_per_credit_max__isnull=True)
                | models.Q(hours_per_credit_min__isnull=True),
                name="credit_system_hours_max_not_below_min",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.name})"

    @property
    def has_notional_hours(self) -> bool:
        return self.hours_per_credit_min is not None and self.hours_per_credit_max is not None


class QualificationsFrameworkQuerySet(models.QuerySet):
    def with_level_counts(self):
        return self.select_related("credit_system").annotate(level_count=Count("levels"))

    def with_levels(self):
        """Credit system, levels (each with its references) and framework-wide alignments."""
        return self.select_related("credit_system").prefetch_related(
            Prefetch("levels", queryset=Level.objects.with_references()),
            Prefetch("alignments", queryset=FrameworkAlignment.objects.select_related("target")),
            Prefetch(
                "aligned_from", queryset=FrameworkAlignment.objects.select_related("framework")
            ),
        )


class QualificationsFramework(models.Model):
    """A national or regional qualifications framework: MU-NQF, ZA-NQF, EQF, ..."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(
        _("short name"), max_length=40, help_text=_("Used in phrases such as 'EQF 6'.")
    )
    jurisdiction = models.CharField(_("jurisdiction"), max_length=100)
    jurisdiction_code = models.CharField(
        _("jurisdiction code"),
        max_length=8,
        help_text=_("ISO 3166-1 alpha-2 country code, or EU / SADC for a regional framework."),
    )
    credit_system = models.ForeignKey(
        CreditSystem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="frameworks",
        verbose_name=_("credit system"),
    )
    description = models.TextField(_("description"), blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)

    objects = QualificationsFrameworkQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("qualifications framework")
        verbose_name_plural = _("qualifications frameworks")

    def __str__(self) -> str:
        return self.short_name or self.code


class LevelQuerySet(models.QuerySet):
    def with_references(self):
        return self.prefetch_related(
            Prefetch("references", queryset=LevelReference.objects.with_targets())
        )


class Level(models.Model):
    """One level of a framework, with short descriptors of what it stands for."""

    framework = models.ForeignKey(
        QualificationsFramework,
        on_delete=models.CASCADE,
        related_name="levels",
        verbose_name=_("framework"),
    )
    code = models.CharField(
        _("code"), max_length=32, help_text=_("As the framework writes it: '7', 'Introductory A'.")
    )
    ordinal = models.IntegerField(_("order"), help_text=_("Position of the level, lowest first."))
    title = models.CharField(_("title"), max_length=200, blank=True)
    knowledge = models.TextField(_("knowledge"), blank=True)
    skills = models.TextField(_("skills"), blank=True)
    autonomy = models.TextField(_("responsibility and autonomy"), blank=True)
    descriptor_source_url = models.URLField(
        _("source of the descriptors"), max_length=500, blank=True
    )
    typical_qualifications = models.TextField(_("typical qualifications"), blank=True)
    typical_credits = models.CharField(_("typical credits"), max_length=200, blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=64, blank=True, help_text=CONFIDENCE_HELP
    )

    objects = LevelQuerySet.as_manager()

    class Meta:
        ordering = ["framework__code", "ordinal", "code"]
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="level_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.framework} {self.code}"

    @property
    def has_descriptors(self) -> bool:
        return bool(self.knowledge or self.skills or self.autonomy)


class Relation(models.TextChoices):
    REFERENCED = "referenced", _("referenced")
    COMPARED = "compared", _("compared")
    ALIGNED = "aligned", _("aligned")
    NOT_REFERENCED = "not_referenced", _("not referenced")
    UNLEVELLED = "unlevelled", _("unlevelled")


class LevelReferenceQuerySet(models.QuerySet):
    def with_targets(self):
        return self.select_related("to_framework", "to_level").order_by(
            "to_framework__code", "to_level__ordinal"
        )

    def with_sources(self):
        return self.select_related("from_level__framework").order_by(
            "from_level__framework__code", "from_level__ordinal"
        )


class LevelReference(models.Model):
    """A level of one framework referenced to (or compared with) a level of another.

    `to_level` is empty when the outcome is that no level corresponds ("not referenced",
    "unlevelled").
    """

    from_level = models.ForeignKey(
        Level, on_delete=models.CASCADE, related_name="references", verbose_name=_("level")
    )
    to_framework = models.ForeignKey(
        QualificationsFramework,
        on_delete=models.CASCADE,
        related_name="incoming_references",
        verbose_name=_("referenced framework"),
    )
    to_level = models.ForeignKey(
        Level,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="referenced_by",
        verbose_name=_("referenced level"),
    )
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    status = models.CharField(
        _("status"), max_length=200, blank=True, help_text=_("Who established it, and when.")
    )
    basis = models.TextField(_("basis"), blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=64, blank=True, help_text=CONFIDENCE_HELP
    )

    objects = LevelReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("level reference")
        verbose_name_plural = _("level references")
        constraints = [
            models.UniqueConstraint(
                fields=["from_level", "to_framework"], name="level_reference_unique_target"
            ),
            models.CheckConstraint(
                condition=models.Q(to_level__isnull=True)
                | ~models.Q(relation__in=["not_referenced", "unlevelled"]),
                name="level_reference_no_level_when_unreferenced",
            ),
        ]

    def __str__(self) -> str:
        target = self.to_level or self.to_framework
        return f"{self.from_level} -> {target} ({self.get_relation_display()})"


class FrameworkAlignment(models.Model):
    """A framework-wide alignment whose level-by-level result is not known to the registry.

    Example: MU-NQF 1-10 aligned to SADCQF 1-10. It is kept as a note between frameworks; no
    `LevelReference` is derived from it.
    """

    framework = models.ForeignKey(
        QualificationsFramework,
        on_delete=models.CASCADE,
        related_name="alignments",
        verbose_name=_("framework"),
    )
    target = models.ForeignKey(
        QualificationsFramework,
        on_delete=models.CASCADE,
        related_name="aligned_from",
        verbose_name=_("aligned to"),
    )
    levels = models.CharField(_("levels"), max_length=40, blank=True)
    target_levels = models.CharField(_("levels of the target framework"), max_length=40, blank=True)
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    status = models.CharField(_("status"), max_length=200, blank=True)
    basis = models.TextField(_("basis"), blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=64, blank=True, help_text=CONFIDENCE_HELP
    )

    class Meta:
        ordering = ["framework__code", "target__code"]
        verbose_name = _("framework alignment")
        verbose_name_plural = _("framework alignments")
        constraints = [
            models.UniqueConstraint(fields=["framework", "target"], name="alignment_unique_pair")
        ]

    def __str__(self) -> str:
        return f"{self.framework} {self.levels} -> {self.target} {self.target_levels}"


class FieldOfStudy(models.Model):
    """An ISCED-F 2013 field of education and training."""

    class FieldLevel(models.TextChoices):
        BROAD = "broad", _("broad")
        NARROW = "narrow", _("narrow")
        DETAILED = "detailed", _("detailed")

    code = models.CharField(_("code"), max_length=4, unique=True)
    level = models.CharField(_("level"), max_length=8, choices=FieldLevel.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent field"),
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("field of study")
        verbose_name_plural = _("fields of study")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class FrameworkRule(models.Model):
    """A rule about micro-credentials in a jurisdiction, e.g. NZ: 5-40 credits.

    `minimum` / `maximum` hold the numeric bounds where the rule has them; `value` keeps the text
    as the source gives it.
    """

    jurisdiction = models.CharField(_("jurisdiction code"), max_length=8)
    framework = models.ForeignKey(
        QualificationsFramework,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rules",
        verbose_name=_("framework"),
    )
    instrument = models.CharField(_("instrument"), max_length=255)
    instrument_date = models.CharField(_("date of the instrument"), max_length=64, blank=True)
    rule = models.CharField(_("rule"), max_length=255)
    minimum = models.DecimalField(
        _("minimum"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    maximum = models.DecimalField(
        _("maximum"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=64, blank=True)
    value = models.CharField(_("value as stated"), max_length=255, blank=True)
    source_url = models.CharField(
        _("source"), max_length=500, blank=True, help_text=_("A URL or a document reference.")
    )
    confidence = models.CharField(
        _("confidence"), max_length=64, blank=True, help_text=CONFIDENCE_HELP
    )
    checked_on_submission = models.BooleanField(
        _("checked on submission"),
        default=False,
        help_text=_(
            "Size rules (unit credits or hours) that the automatic checks apply to every "
            "micro-credential at this framework's levels."
        ),
    )
    applies_to_kind = models.CharField(
        _("applies to type"),
        max_length=24,
        blank=True,
        help_text=_("Empty for every type, or e.g. skills_programme, part_qualification."),
    )

    class Meta:
        ordering = ["jurisdiction", "rule"]
        verbose_name = _("framework rule")
        verbose_name_plural = _("framework rules")
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "instrument", "rule"], name="framework_rule_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction}: {self.rule}"

    @property
    def description(self) -> str:
        return f"{self.jurisdiction} {self.rule}: {self.value} {self.unit}".strip()

    def violation(self, *, credits, hours) -> str:
        """Why a micro-credential of this size breaks the rule, or "" when it keeps it."""
        unit = self.unit.lower()
        if unit.startswith("credit"):
            size, what = credits, _("credits")
        elif unit.startswith("hour"):
            size, what = hours, _("hours")
        else:
            return ""
        if self.minimum is not None and size < self.minimum:
            return _("%(size)s %(what)s is below the minimum of %(min)s (%(rule)s).") % {
                "size": _plain_number(size),
                "what": what,
                "min": _plain_number(self.minimum),
                "rule": self.description,
            }
        if self.maximum is not None and size > self.maximum:
            return _("%(size)s %(what)s is above the maximum of %(max)s (%(rule)s).") % {
                "size": _plain_number(size),
                "what": what,
                "max": _plain_number(self.maximum),
                "rule": self.description,
            }
        return ""


def _plain_number(value) -> str:
    """12.00 -> '12', 10 -> '10' (not '1E+1'), 7.50 -> '7.5'."""
    return f"{Decimal(value).normalize():f}"


class DescriptionElement(models.Model):
    """An element the EU Council Recommendation (2022) asks a micro-credential to describe."""

    class Status(models.TextChoices):
        MANDATORY = "mandatory", _("mandatory")
        OPTIONAL = "optional", _("optional")

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    key = models.SlugField(_("key"), max_length=40, unique=True)
    label = models.CharField(_("label"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=64, blank=True, help_text=CONFIDENCE_HELP
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("EU description element")
        verbose_name_plural = _("EU description elements")

    def __str__(self) -> str:
        return f"{self.number}. {self.label}"


class SkillQuerySet(models.QuerySet):
    def in_collection(self, collection: str):
        return self.filter(collections__contains=[collection])


class Skill(models.Model):
    """An ESCO v1.2.0 skill or knowledge concept (ESCO data (c) European Union)."""

    concept_uri = models.URLField(_("ESCO concept URI"), max_length=255, unique=True)
    label = models.CharField(_("label"), max_length=255)
    skill_type = models.CharField(_("type"), max_length=32, blank=True)
    reuse_level = models.CharField(_("reuse level"), max_length=32, blank=True)
    collections = ArrayField(
        models.CharField(max_length=32),
        default=list,
        blank=True,
        verbose_name=_("ESCO collections"),
    )

    objects = SkillQuerySet.as_manager()

    class Meta:
        ordering = ["label"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self) -> str:
        return self.label
