"""E-mails about a provider's place on the register, recorded in the outbox of the transaction
that decides it (`registry.core.outbox`)."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from registry.accounts.models import User
from registry.accounts.services import set_password_email
from registry.core import outbox
from registry.providers.models import Provider


def application_received(provider: Provider) -> None:
    outbox.send_later(
        to=[provider.applicant_email],
        subject=_("Application received: %(provider)s") % {"provider": provider.legal_name},
        template="emails/provider_application_received.txt",
        context={"provider": provider},
    )


def duplicate_application(application: dict[str, str]) -> None:
    """Tell the applicant that an application with their registration number was not filed."""
    outbox.send_later(
        to=[application["applicant_email"]],
        subject=_("Your application was not filed: %(provider)s")
        % {"provider": application["legal_name"]},
        template="emails/provider_application_duplicate.txt",
        context={
            "application": application,
            "country": application["country"].upper(),
            "contact": settings.DEFAULT_FROM_EMAIL,
        },
    )


def application_approved(provider: Provider, *, user: User) -> None:
    """The applicant, now the provider's institution admin, gets a link to choose a password."""
    set_password_email(
        user=user,
        subject=_("%(provider)s is registered: choose your password")
        % {"provider": provider.display_name},
        template="emails/provider_application_approved.txt",
        context={
            "provider": provider,
            "login_link": settings.REGISTRY_BASE_URL + reverse("login"),
        },
    )


def status_notice(provider: Provider) -> None:
    """Tell the provider (contact and applicant) about a decision on its registration."""
    outbox.send_later(
        to=[provider.contact_email, provider.applicant_email],
        subject=f"{provider.display_name}: {provider.get_status_display()}",
        template="emails/provider_status.txt",
        context={"provider": provider},
    )
