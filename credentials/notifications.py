"""E-mails to institutions about review decisions, recorded in the outbox of the decision's
transaction (`registry.core.outbox`)."""

from django.conf import settings
from django.urls import reverse

from credentials.models import ReviewComment
from registry.accounts.models import Membership
from registry.core import outbox


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


def decision(comment: ReviewComment) -> None:
    """Tell the provider's people about a reviewer's decision (`comment`)."""
    version = comment.version
    provider = version.micro_credential.provider
    link = settings.REGISTRY_BASE_URL + reverse(
        "portal:micro_credential", args=[provider.slug, version.micro_credential.code]
    )
    outbox.send_later(
        to=decision_recipients(comment),
        subject=f"[{version.micro_credential.code}] {comment.get_kind_display()}: {version.title}",
        template="emails/review_decision.txt",
        context={"comment": comment, "version": version, "provider": provider, "link": link},
    )
