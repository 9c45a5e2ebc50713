from typing import TypeAlias

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.contrib.postgres.fields import ArrayField
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

    # The API key a request came with, set for that request by
    # `registry.accounts.api_auth.ApiKeyAuthentication`; never stored. It limits what the user
    # may do to what the key was made for (`registry.accounts.selectors`).
    acting_key: "ApiKey | None" = None

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


class ApiKey(models.Model):
    """A secret that authenticates API calls as its owner. Only a SHA-256 of the full key is
    stored: keys carry 32 random bytes, so a fast hash is enough and the plaintext is shown once.
    The key reads `mcr_<prefix>_<secret>`; the prefix finds the row, the hash proves the key."""

    class Scope(models.TextChoices):
        READ = "read", _("Read")
        WRITE = "write", _("Write")

    provider = models.ForeignKey(
        "providers.Provider",
        on_delete=models.CASCADE,
        related_name="api_keys",
        null=True,
        blank=True,
        help_text=_("Empty for a regulator's own key."),
    )
    owner = models.ForeignKey(User, on_delete=models.PROTECT, related_name="api_keys")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=8, unique=True, editable=False)
    hashed_secret = models.CharField(max_length=64, editable=False)
    scopes = ArrayField(models.CharField(max_length=8, choices=Scope.choices), default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API key")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes


# Whoever a request is from: a signed-in person or an anonymous visitor (Django's `request.user`).
# The access gates take this and answer for both.
AnyUser: TypeAlias = AbstractBaseUser | AnonymousUser
