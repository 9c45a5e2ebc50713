"""Reads on awards and the access gates pages and the API rely on."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from credentials.awards import keyring
from credentials.awards.models import Award, IssuanceBatch, StatusList, normalise_code
from registry.accounts.models import AnyUser
from registry.providers.models import PUBLIC_PROVIDER_STATUSES, Provider
from registry.providers.selectors import provider_for_member


def provider_awards(provider: Provider, *, query: str = "") -> QuerySet[Award]:
    awards = Award.objects.filter(provider=provider).select_related(
        "provider", "version__micro_credential"
    )
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
