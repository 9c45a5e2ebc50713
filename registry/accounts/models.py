from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in: a regulator officer or a member of a provider."""

    email = models.EmailField(_("email address"), unique=True)
    is_regulator = models.BooleanField(
        _("regulator"),
        default=False,
        help_text=_("Officers of the qualifications authority: register providers and review."),
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"


class Membership(models.Model):
    """A user's role at one provider."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Institution admin")
        STAFF = "staff", _("Institution staff")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    provider = models.ForeignKey(
        "providers.Provider", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.STAFF)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "provider"], name="membership_unique_user_provider"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.provider} ({self.get_role_display()})"
