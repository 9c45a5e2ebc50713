"""Emails about a provider's place on the register (console in development, SMTP when set)."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from registry.accounts.services import send_set_password_email
from registry.providers.models import Provider

logger = logging.getLogger(__name__)


def _send(*, subject: str, template: str, context: dict, recipients) -> None:
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return
    send_mail(
        subject=subject[:150],
        message=render_to_string(template, context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )


def send_application_received(provider_id: int) -> None:
    provider = Provider.objects.get(pk=provider_id)
    _send(
        subject=_("Application received: %(provider)s") % {"provider": provider.legal_name},
        template="emails/provider_application_received.txt",
        context={"provider": provider},
        recipients=[provider.applicant_email],
    )


def send_duplicate_application(application: dict[str, str]) -> None:
    """Tell the applicant that an application with their registration number was not filed."""
    _send(
        subject=_("Your application was not filed: %(provider)s")
        % {"provider": application["legal_name"]},
        template="emails/provider_application_duplicate.txt",
        context={
            "application": application,
            "country": application["country"].upper(),
            "contact": settings.DEFAULT_FROM_EMAIL,
        },
        recipients=[application["applicant_email"]],
    )


def send_application_approved(provider_id: int, *, user_id: int) -> None:
    provider = Provider.objects.get(pk=provider_id)
    send_set_password_email(
        user_id=user_id,
        subject=_("%(provider)s is registered: choose your password")
        % {"provider": provider.display_name},
        template="emails/provider_application_approved.txt",
        context={
            "provider": provider,
            "login_link": settings.REGISTRY_BASE_URL + reverse("login"),
        },
    )
    logger.info("Sent the set-password link for %s", provider.slug)


def send_status_notice(provider_id: int) -> None:
    """Tell the provider (contact and applicant) about a decision on its registration."""
    provider = Provider.objects.get(pk=provider_id)
    _send(
        subject=f"{provider.display_name}: {provider.get_status_display()}",
        template="emails/provider_status.txt",
        context={"provider": provider},
        recipients=[provider.contact_email, provider.applicant_email],
    )
