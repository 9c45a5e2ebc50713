from django.db import models
from django.utils.translation import gettext_lazy as _


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
        SUSPENDED = "suspended", _("Suspended")
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
