"""Reads on awards and the access gates pages and the API rely on."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from credentials.awards import keyring
from credentials.awards.models import (
    Award,
    IssuanceBatch,
    LearnerLink,
    StatusList,
    hash_learner_token,
    normalise_code,
)
from registry.accounts.models import AnyUser
from registry.providers.models import PUBLIC_PROVIDER_STATUSES, Provider
from registry.providers.selectors import provider_for_member


def provider_awards(provider: Provider, *, query: str = "") -> QuerySet[Award]:
    awards = Award.objects.filter(provider=provider).select_related("version__micro_credential")
    if query:
        awards = awards.filter(external_id=query.strip()) | awards.filter(
            verification_code=normalise_code(query)
        )
    return awards.order_by("-created_at", "-id")


def award_for_member(user: AnyUser | None, slug: str, code: str) -> Award:
    """An award of the provider `slug` for one of its members; 404 for everybody else."""
    provider = provider_for_member(user, slug)
    award = (
        Award.objects.select_related("provider", "version__micro_credential", "status_list")
        .filter(provider=provider, verification_code=normalise_code(code))
        .first()
    )
    if award is None:
        raise Http404
    return award


def batch_for_member(user: AnyUser | None, slug: str, batch_id: int) -> IssuanceBatch:
    provider = provider_for_member(user, slug)
    batch = IssuanceBatch.objects.filter(provider=provider, pk=batch_id).first()
    if batch is None:
        raise Http404
    return batch


def provider_batches(provider: Provider) -> QuerySet[IssuanceBatch]:
    return IssuanceBatch.objects.filter(provider=provider).defer("rows")


def award_by_code(code: str) -> Award | None:
    """The award with this verification code, without its credential (a verdict does not read
    it), or None."""
    return (
        Award.objects.select_related(
            "provider",
            "version__micro_credential",
            "version__level__framework",
            "version__credit_system",
        )
        .defer("credential")
        .filter(verification_code=normalise_code(code))
        .order_by()
        .first()
    )


def public_issuer(slug: str) -> Provider:
    """A provider whose DID document and status lists are public: one in the register."""
    provider = Provider.objects.filter(slug=slug, status__in=PUBLIC_PROVIDER_STATUSES).first()
    if provider is None:
        raise Http404
    return provider


def did_document(slug: str) -> dict[str, Any]:
    return keyring.did_document(public_issuer(slug))


def status_list_credential(slug: str, number: int) -> dict[str, Any]:
    status = (
        StatusList.objects.filter(provider=public_issuer(slug), number=number)
        .only("credential")
        .first()
    )
    if status is None:
        raise Http404
    return status.credential


def public_credential(code: str) -> dict[str, Any]:
    credential = (
        Award.objects.filter(verification_code=normalise_code(code))
        .values_list("credential", flat=True)
        .first()
    )
    if credential is None:
        raise Http404
    return credential


# --- Learners --------------------------------------------------------------------------------

TOKEN_MAX_LENGTH = 100


class LearnerLinkExpired(Exception):
    """A learner's link that was real but expired, or was replaced by a newer one."""

    def __init__(self, link: LearnerLink) -> None:
        super().__init__(f"learner link {link.pk} no longer works")
        self.link = link


def learner_link(token: str) -> LearnerLink:
    """The learner's link with this token: `Http404` for an unknown token, `LearnerLinkExpired`
    for one that expired or that the institution replaced by sending a new one."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        raise Http404
    link = (
        LearnerLink.objects.select_related("provider")
        .filter(token_hash=hash_learner_token(token))
        .first()
    )
    if link is None:
        raise Http404
    if not link.is_usable():
        raise LearnerLinkExpired(link)
    return link


def learner_awards(link: LearnerLink) -> QuerySet[Award]:
    """The awards a link opens: its provider's awards to its learner's e-mail (any case)."""
    return (
        Award.objects.filter(provider_id=link.provider_id, learner_email__iexact=link.learner_email)
        .select_related(
            "provider",
            "version__micro_credential",
            "version__level__framework",
            "version__credit_system",
        )
        .defer("credential")
        .order_by("-issued_on", "-id")
    )


def learner_award(link: LearnerLink, code: str) -> Award:
    """One of the link's awards; 404 for any other code (another learner's award included)."""
    award = learner_awards(link).filter(verification_code=normalise_code(code)).first()
    if award is None:
        raise Http404
    return award


def current_learner_link(award: Award) -> LearnerLink | None:
    """The newest link of the award's learner that still works, if any."""
    return (
        LearnerLink.objects.filter(
            provider_id=award.provider_id,
            learner_email=award.learner_email.strip().lower(),
            replaced_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .order_by("-created_at", "-id")
        .first()
    )


def public_award(code: str) -> Award:
    """An award whose learner made its public page visible; 404 for every other code."""
    award = (
        Award.objects.filter(verification_code=normalise_code(code), public_page_visible=True)
        .only("pk", "verification_code")
        .first()
    )
    if award is None:
        raise Http404
    return award
