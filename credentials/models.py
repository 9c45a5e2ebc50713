"""Micro-credentials, their versions, the review conversation and the automatic checks.

A `MicroCredential` is the stable identity (its code and public URL). What it says lives in
`MicroCredentialVersion`s: a draft is edited, submitted, reviewed and, once approved, published and
never changed again. Editing a published micro-credential starts a new draft version; the published
one stays public until the new one is approved. The transitions are in `TRANSITIONS` and are
enforced by `credentials.services`.
"""

import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Func, Value
from django.db.models.functions import Left, Length, Mod
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.providers.models import RecognitionType


def new_code() -> str:
    """A short public code such as MC-7K3Q9X2M: unambiguous letters and digits only."""
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return "MC-" + "".join(secrets.choice(alphabet) for _ in range(8))


class MicroCredentialQuerySet(models.QuerySet):
    def for_provider(self, provider):
        return self.filter(provider=provider)

    def published(self):
        return self.filter(published_version__isnull=False)


class MicroCredential(models.Model):
    provider = models.ForeignKey(
        "providers.Provider", on_delete=models.PROTECT, related_name="micro_credentials"
    )
    code = models.CharField(_("code"), max_length=16, unique=True, default=new_code)
    published_version = models.OneToOneField(
        "MicroCredentialVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The version the public sees (published, withdrawn or suspended)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = MicroCredentialQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.code


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    SUSPENDED = "suspended", _("Suspended")
    SUPERSEDED = "superseded", _("Superseded by a newer version")


# status -> the statuses it may move to. `credentials.services` refuses anything else.
TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.SUBMITTED},
    Status.SUBMITTED: {
        Status.IN_REVIEW,
        Status.CHANGES_REQUESTED,
        Status.PUBLISHED,
        Status.REJECTED,
    },
    Status.IN_REVIEW: {Status.CHANGES_REQUESTED, Status.PUBLISHED, Status.REJECTED},
    Status.CHANGES_REQUESTED: {Status.SUBMITTED},
    Status.PUBLISHED: {Status.WITHDRAWN, Status.SUSPENDED, Status.SUPERSEDED},
    Status.SUSPENDED: {Status.PUBLISHED, Status.WITHDRAWN},
    Status.REJECTED: set(),
    Status.WITHDRAWN: set(),
    Status.SUPERSEDED: set(),
}
# The status sets the workflow, the pages and the API speak of; defined here and nowhere else.
# Open: a version still being worked on (at most one per micro-credential, a constraint below).
OPEN_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW, Status.CHANGES_REQUESTED)
# Editable: what the provider may still change.
EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.CHANGES_REQUESTED})
# Awaiting review: what a regulator decides on.
AWAITING_REVIEW = frozenset({Status.SUBMITTED, Status.IN_REVIEW})
# Public: a version the public has seen (its record stays reachable, with its status).
PUBLIC_STATUSES = frozenset(
    {Status.PUBLISHED, Status.WITHDRAWN, Status.SUSPENDED, Status.SUPERSEDED}
)
# Closed: nothing more will happen to it in review.
CLOSED_STATUSES = PUBLIC_STATUSES | {Status.REJECTED}

# What a person writes about a micro-credential, in the order forms, imports and exports show it;
# everything else on a version is managed by the workflow. Services, forms, serializers, the
# import columns and the exports all derive from this list.
CONTENT_FIELDS = (
    "title",
    "summary",
    "kind",
    "learning_outcomes",
    "level",
    "credits",
    "credit_system",
    "notional_hours",
    "assessment_type",
    "assessment_description",
    "participation_mode",
    "pacing",
    "quality_assurance",
    "recognition_type",
    "field_of_study",
    "skills",
    "languages",
    "prerequisites",
    "validity_months",
    "stackability",
    "public_url",
)


class Kind(models.TextChoices):
    MICRO_CREDENTIAL = "micro_credential", _("Micro-credential")
    SKILLS_PROGRAMME = "skills_programme", _("Skills programme")
    PART_QUALIFICATION = "part_qualification", _("Part-qualification")
    SHORT_COURSE = "short_course", _("Short course")


class AssessmentType(models.TextChoices):
    EXAMINATION = "examination", _("Examination")
    PROJECT = "project", _("Project or assignment")
    PORTFOLIO = "portfolio", _("Portfolio of evidence")
    PRACTICAL = "practical", _("Practical or workplace assessment")
    MIXED = "mixed", _("Mixed methods")


class ParticipationMode(models.TextChoices):
    ONLINE = "online", _("Online")
    ON_SITE = "on_site", _("On site")
    BLENDED = "blended", _("Blended")


class Pacing(models.TextChoices):
    SELF_PACED = "self_paced", _("Self-paced")
    GUIDED = "guided", _("Guided (scheduled)")


class MicroCredentialVersionQuerySet(models.QuerySet):
    def for_provider(self, provider):
        return self.filter(micro_credential__provider=provider)

    def awaiting_review(self):
        return self.filter(status__in=AWAITING_REVIEW)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def public(self):
        return self.filter(status__in=PUBLIC_STATUSES)

    def with_related(self):
        return self.select_related(
            "micro_credential__provider",
            "level__framework",
            "credit_system",
            "field_of_study",
        )


class MicroCredentialVersion(models.Model):
    """What a micro-credential says: every element of the EU Council Recommendation (2022)."""

    micro_credential = models.ForeignKey(
        MicroCredential, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    revision = models.PositiveIntegerField(
        default=1, help_text=_("Incremented on every edit; guards against lost updates.")
    )

    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=2000, blank=True)
    kind = models.CharField(
        _("type"), max_length=24, choices=Kind.choices, default=Kind.MICRO_CREDENTIAL
    )
    learning_outcomes = ArrayField(
        models.TextField(max_length=1000),
        default=list,
        blank=True,
        verbose_name=_("learning outcomes"),
    )
    level = models.ForeignKey(
        "frameworks.Level", on_delete=models.PROTECT, related_name="+", verbose_name=_("level")
    )
    credits = models.DecimalField(
        _("credits"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )
    credit_system = models.ForeignKey(
        "frameworks.CreditSystem",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("credit system"),
    )
    notional_hours = models.PositiveIntegerField(_("notional workload (hours)"))
    assessment_type = models.CharField(
        _("type of assessment"), max_length=16, choices=AssessmentType.choices
    )
    assessment_description = models.TextField(_("assessment"), max_length=2000, blank=True)
    participation_mode = models.CharField(
        _("form of participation"), max_length=16, choices=ParticipationMode.choices
    )
    pacing = models.CharField(_("pacing"), max_length=16, choices=Pacing.choices)
    quality_assurance = models.TextField(_("type of quality assurance"), max_length=2000)
    recognition_type = models.CharField(
        _("recognition type"), max_length=16, choices=RecognitionType.choices
    )
    field_of_study = models.ForeignKey(
        "frameworks.FieldOfStudy",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("field of study (ISCED-F 2013)"),
    )
    skills = ArrayField(
        models.CharField(max_length=200), default=list, blank=True, verbose_name=_("skills")
    )
    languages = ArrayField(
        models.CharField(max_length=8),
        default=list,
        verbose_name=_("languages"),
        help_text=_("ISO 639-1 codes, e.g. en, fr."),
    )
    prerequisites = models.TextField(_("prerequisites"), max_length=2000, blank=True)
    validity_months = models.PositiveIntegerField(
        _("validity of awards (months)"),
        null=True,
        blank=True,
        help_text=_("Empty when awards do not expire."),
    )
    stackability = models.TextField(_("stackability"), max_length=2000, blank=True)
    public_url = models.URLField(_("provider's page"), blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status_reason = models.TextField(_("reason"), blank=True)

    objects = MicroCredentialVersionQuerySet.as_manager()

    class Meta:
        ordering = ["micro_credential", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["micro_credential", "number"], name="version_unique_number"
            ),
            models.UniqueConstraint(
                fields=["micro_credential"],
                condition=models.Q(status__in=[str(status) for status in OPEN_STATUSES]),
                name="version_one_open_per_micro_credential",
            ),
            models.CheckConstraint(
                condition=models.Q(credits__gte=0), name="version_credits_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    def can_move_to(self, status: str) -> bool:
        return status in TRANSITIONS[self.status]


class ReviewComment(models.Model):
    """The conversation between reviewers and the institution about one version."""

    class Kind(models.TextChoices):
        APPROVAL = "approval", _("Approved")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        REJECTION = "rejection", _("Rejected")
        RESPONSE = "response", _("Response from the provider")
        SUSPENSION = "suspension", _("Suspended")
        NOTE = "note", _("Note")

    version = models.ForeignKey(
        MicroCredentialVersion, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.author}"


class CheckReport(models.Model):
    """The automatic checks run on one submission (`credentials.checks`), recorded pending before
    the task is queued so that a lost task is re-queued by the sweep rather than forgotten. The
    API calls it a verification report; "verify" is otherwise kept for learners' awards."""

    class State(models.TextChoices):
        PENDING = "pending", _("Checks running")
        COMPLETE = "complete", _("Complete")
        FAILED = "failed", _("Checks could not run")

    class Outcome(models.TextChoices):
        PASS = "pass", _("Pass")
        WARN = "warn", _("Warnings")
        FAIL = "fail", _("Findings to review")

    version = models.ForeignKey(
        MicroCredentialVersion, on_delete=models.CASCADE, related_name="check_reports"
    )
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    outcome = models.CharField(max_length=8, choices=Outcome.choices, blank=True)
    checks = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # How often the checks were queued, and when last: the sweep backs off by these.
    attempts = models.PositiveSmallIntegerField(default=1)
    queued_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["queued_at"], condition=models.Q(state="pending"), name="check_report_due"
            )
        ]

    def __str__(self) -> str:
        return f"Checks for {self.version} ({self.get_state_display()})"


class CreditBand(models.IntegerChoices):
    """The credit ranges the public search offers as a facet."""

    UNDER_5 = 1, _("Fewer than 5 credits")
    FROM_5 = 2, _("5 to 9 credits")
    FROM_10 = 3, _("10 to 19 credits")
    FROM_20 = 4, _("20 to 39 credits")
    FROM_40 = 5, _("40 credits or more")

    @classmethod
    def for_credits(cls, credits) -> "CreditBand":
        for band, floor in (
            (cls.FROM_40, 40),
            (cls.FROM_20, 20),
            (cls.FROM_10, 10),
            (cls.FROM_5, 5),
        ):
            if credits >= floor:
                return band
        return cls.UNDER_5


# The regular samples of the listings that have a text index of their own: 1 in n, the
# listings whose id is a multiple of n, sparsest first.
LISTING_SAMPLES = (256, 64, 16, 4)


class PublicListing(models.Model):
    """One row per micro-credential in the public register: what search filters, counts, sorts
    and matches on, copied from the version the public sees and its provider.

    A denormalised read model kept in step by `credentials.search.listing` from the services that
    publish, withdraw, suspend or reinstate a micro-credential and change a provider's status,
    inside their transaction. Rebuild it with `manage.py rebuild_search_index`.
    """

    micro_credential = models.OneToOneField(
        MicroCredential, on_delete=models.CASCADE, primary_key=True, related_name="listing"
    )
    version = models.ForeignKey(
        MicroCredentialVersion, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    provider = models.ForeignKey(
        "providers.Provider", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    provider_status = models.CharField(max_length=16)
    status = models.CharField(max_length=20)
    level = models.ForeignKey(
        "frameworks.Level", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    framework = models.ForeignKey(
        "frameworks.QualificationsFramework",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    level_ordinal = models.IntegerField()
    credits = models.DecimalField(max_digits=6, decimal_places=2)
    credit_band = models.PositiveSmallIntegerField(choices=CreditBand.choices)
    field_code = models.CharField(max_length=4)
    field_broad = models.CharField(max_length=2)
    recognition_type = models.CharField(max_length=16)
    participation_mode = models.CharField(max_length=16)
    languages = ArrayField(models.CharField(max_length=8), default=list)
    skills = ArrayField(models.CharField(max_length=200), default=list)
    # Ids of the listing's languages and skills (`SearchTag`): counting small integers is what
    # keeps these two facets cheap over a quarter of a million matches.
    tags = ArrayField(models.IntegerField(), default=list)
    published_at = models.DateTimeField()
    # 'english' or 'french': the text search configuration the vectors were built with.
    text_config = models.CharField(max_length=16)
    # Everything searchable, weighted (title A, skills and outcomes B, summary C, provider D):
    # what the GIN index matches, and the final rank of the best candidates.
    search_vector = SearchVectorField()
    # The title alone (weight A): the cheap first rank of every match.
    title_vector = SearchVectorField()

    class Meta:
        # The text indexes are written to directly (fastupdate off): no pending list for searches
        # to read through after a bulk load or between vacuums.
        indexes = [
            GinIndex(fields=["search_vector"], name="listing_search_vector", fastupdate=False),
            # The title matches of a search, ranked first (see `credentials.search.query`).
            GinIndex(fields=["title_vector"], name="listing_title_vector", fastupdate=False),
            # ... then those matched by title, skills and outcomes (weights A and B).
            GinIndex(
                Func(F("search_vector"), Value("{a,b}"), function="ts_filter"),
                name="listing_outline_vector",
                fastupdate=False,
            ),
            # The matches of a search among the listings whose id is a multiple of n: the
            # regular samples that the counts of a large matching set are estimated from.
            *(
                GinIndex(
                    fields=["search_vector"],
                    name=f"listing_sample_{every}",
                    fastupdate=False,
                    condition=models.Q(Exact(Mod("micro_credential_id", every), 0)),
                )
                for every in LISTING_SAMPLES
            ),
            GinIndex(fields=["skills"], name="listing_skills", fastupdate=False),
            GinIndex(fields=["languages"], name="listing_languages", fastupdate=False),
            # The keys of the listed records (published, provider registered), read index-only
            # to cut the sitemap into pages.
            models.Index(
                fields=["micro_credential"],
                name="listing_listed",
                condition=models.Q(status="published", provider_status="registered"),
            ),
            models.Index(fields=["provider"], name="listing_provider"),
            models.Index(fields=["level"], name="listing_level"),
            models.Index(fields=["field_code"], name="listing_field"),
            models.Index(fields=["-published_at"], name="listing_newest"),
            models.Index(fields=["credits"], name="listing_credits"),
        ]

    def __str__(self) -> str:
        return f"listing of {self.micro_credential_id}"


class SearchTag(models.Model):
    """A language or skill that some listing has, numbered for `PublicListing.tags`."""

    class Kind(models.TextChoices):
        LANGUAGE = "language", _("Language")
        SKILL = "skill", _("Skill")

    kind = models.CharField(max_length=8, choices=Kind.choices)
    value = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="search_tag_unique_value")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.value}"


class SearchTerm(models.Model):
    """A word of the register's titles and skills with the number of listings that use it: the
    vocabulary "Did you mean …?" draws on. Rebuilt by `credentials.search.suggestions`."""

    word = models.CharField(max_length=64, primary_key=True)
    frequency = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(Left("word", 1), Length("word"), "frequency", name="search_term_shape"),
        ]

    def __str__(self) -> str:
        return self.word
