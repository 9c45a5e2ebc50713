"""Emails to institutions about review decisions (console in development, SMTP when configured)."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from credentials.models import ReviewComment
from registry.accounts.models import Membership

logger = logging.getLogger(__name__)


def decision_recipients(comment: ReviewComment) -> list[str]:
    version = comment.version
    provider = version.micro_credential.provider
    addresses = {version.created_by.email, provider.contact_email}
    addresses |= set(
        Membership.objects.filter(provider=provider, role=Membership.Role.ADMIN).values_list(
            "user__email", flat=True
        )
    )
    return sorted(address for address in addresses if address)


def send_decision(comment_id: int) -> None:
    comment = ReviewComment.objects.select_related(
        "version__micro_credential__provider", "version__created_by", "author"
    ).get(pk=comment_id)
    version = comment.version
    provider = version.micro_credential.provider
    link = settings.REGISTRY_BASE_URL + reverse(
        "portal:micro_credential", args=[provider.slug, version.micro_credential.code]
    )
    context = {"comment": comment, "version": version, "provider": provider, "link": link}
    subject = f"[{version.micro_credential.code}] {comment.get_kind_display()}: {version.title}"
    send_mail(
        subject=subject[:150],
        message=render_to_string("emails/review_decision.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=decision_recipients(comment),
    )
    logger.info("Sent %s notice for %s", comment.kind, version.micro_credential.code)
