"""Reads on awards and the access gates pages and the API rely on."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from credentials.awards import keyring
from credentials.awards.models import (
    Award,
    IssuanceBatch,
    StatusList,
    VerificationBatch,
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


def _awards_for_verdicts() -> QuerySet[Award]:
    """Awards with what a verdict reads, without their credentials (a verdict does not read
    them)."""
    return (
        Award.objects.select_related(
            "provider",
            "version__micro_credential",
            "version__level__framework",
            "version__credit_system",
        )
        .defer("credential")
        .order_by()
    )


def award_by_code(code: str) -> Award | None:
    """The award with this verification code, or None."""
    return _awards_for_verdicts().filter(verification_code=normalise_code(code)).first()


def awards_by_codes(codes: Iterable[str]) -> dict[str, Award]:
    """The awards with these (normalised) verification codes, by code, in one query."""
    wanted = list(codes)
    if not wanted:
        return {}
    return {
        award.verification_code: award
        for award in _awards_for_verdicts().filter(verification_code__in=wanted)
    }


PUBLIC_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")


def verification_batch(public_id: str) -> VerificationBatch:
    """A bulk verification by its unguessable id, while it is kept; 404 otherwise (an unknown
    id and an expired one alike)."""
    if not PUBLIC_ID.fullmatch(public_id):  # no query for what no id looks like (NUL bytes...)
        raise Http404
    batch = (
        VerificationBatch.objects.defer("upload")
        .filter(public_id=public_id, expires_at__gt=timezone.now())
        .first()
    )
    if batch is None:
        raise Http404
    return batch


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
