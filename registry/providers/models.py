from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RecognitionType(models.TextChoices):
    """How a micro-credential is recognised; a provider's scope says which it may award."""

    ACCREDITED = "accredited", _("Accredited by a statutory body")
    ENDORSED = "endorsed", _("Endorsed by a professional body or employer")
    SELF_ATTESTED = "self_attested", _("Self-attested by the provider")


class ProviderQuerySet(models.QuerySet):
    def registered(self):
        return self.filter(status=Provider.Status.REGISTERED)


class Provider(models.Model):
    """An organisation that offers micro-credentials: a university, college, body or employer."""

    class Type(models.TextChoices):
        PUBLIC_HEI = "public_hei", _("Public higher education institution")
        PRIVATE_HEI = "private_hei", _("Private higher education institution")
        TVET = "tvet", _("TVET college")
        PROFESSIONAL_BODY = "professional_body", _("Professional body")
        EMPLOYER = "employer", _("Employer")
        ONLINE_PLATFORM = "online_platform", _("Online platform")

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        REGISTERED = "registered", _("Registered")
        SUSPENDED = "suspended", pgettext_lazy("provider status", "Suspended")
        DEREGISTERED = "deregistered", _("Deregistered")
        DECLINED = "declined", _("Declined")

    slug = models.SlugField(max_length=80, unique=True)
    legal_name = models.CharField(_("legal name"), max_length=255)
    trading_name = models.CharField(_("trading name"), max_length=255, blank=True)
    registration_number = models.CharField(_("registration number"), max_length=64, blank=True)
    provider_type = models.CharField(_("type"), max_length=32, choices=Type.choices)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2"))
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.APPLIED
    )
    status_reason = models.TextField(_("reason for status"), blank=True)
    status_effective_date = models.DateField(_("status effective from"), null=True, blank=True)
    registered_at = models.DateTimeField(null=True, blank=True)
    # Accreditation scope, set by a regulator.
    scope_frameworks = models.ManyToManyField(
        "frameworks.QualificationsFramework",
        blank=True,
        related_name="+",
        verbose_name=_("frameworks in scope"),
    )
    scope_highest_level = models.PositiveSmallIntegerField(
        _("highest level in scope"), null=True, blank=True
    )
    scope_fields = models.ManyToManyField(
        "frameworks.FieldOfStudy",
        blank=True,
        related_name="+",
        verbose_name=_("fields of study in scope"),
        help_text=_("A broad or narrow field covers every field beneath it."),
    )
    scope_recognition_types = ArrayField(
        models.CharField(max_length=16, choices=RecognitionType.choices),
        default=list,
        blank=True,
        verbose_name=_("recognition types it may award"),
    )
    require_two_factor = models.BooleanField(
        _("two-factor sign-in required for its admins"),
        default=False,
        help_text=_("Set by the provider's institution admins on the portal's security page."),
    )
    # Who applied, for applications filed on the public form.
    applicant_name = models.CharField(_("applicant name"), max_length=150, blank=True)
    applicant_email = models.EmailField(_("applicant email"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProviderQuerySet.as_manager()

    class Meta:
        ordering = ["legal_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "registration_number"],
                condition=~models.Q(registration_number=""),
                name="provider_unique_registration_number",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.trading_name or self.legal_name

    @property
    def is_registered(self) -> bool:
        return self.status == self.Status.REGISTERED

    @property
    def is_public(self) -> bool:
        """Applications and declined applications are not part of the public register."""
        return self.status in PUBLIC_PROVIDER_STATUSES

    @property
    def scope_recognition_labels(self) -> list[str]:
        return [RecognitionType(value).label for value in self.scope_recognition_types]

    def can_move_to(self, status: str) -> bool:
        return status in PROVIDER_TRANSITIONS[self.status]


# status -> the statuses a provider may move to. `registry.providers.services` refuses the rest.
PROVIDER_TRANSITIONS: dict[str, set[str]] = {
    Provider.Status.APPLIED: {Provider.Status.REGISTERED, Provider.Status.DECLINED},
    Provider.Status.REGISTERED: {Provider.Status.SUSPENDED, Provider.Status.DEREGISTERED},
    Provider.Status.SUSPENDED: {Provider.Status.REGISTERED, Provider.Status.DEREGISTERED},
    Provider.Status.DEREGISTERED: set(),
    Provider.Status.DECLINED: set(),
}
PUBLIC_PROVIDER_STATUSES = {
    Provider.Status.REGISTERED,
    Provider.Status.SUSPENDED,
    Provider.Status.DEREGISTERED,
}
