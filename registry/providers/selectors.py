"""Reads on the provider register that pages rely on."""

from django.db.models import Case, IntegerField, Value, When
from django.http import Http404

from registry.providers.models import PUBLIC_PROVIDER_STATUSES, Provider


def public_provider(slug: str) -> Provider:
    """A provider the public may see: registered, suspended or deregistered. Applications and
    declined applications answer 404."""
    provider = (
        Provider.objects.prefetch_related("scope_frameworks", "scope_fields")
        .filter(slug=slug, status__in=PUBLIC_PROVIDER_STATUSES)
        .first()
    )
    if provider is None:
        raise Http404
    return provider


def public_providers():
    """The public register of providers (registered, suspended, deregistered) with their scope."""
    return Provider.objects.prefetch_related("scope_frameworks", "scope_fields").filter(
        status__in=PUBLIC_PROVIDER_STATUSES
    )


def public_micro_credentials(provider: Provider):
    """The provider's currently published micro-credentials, by title. Withdrawn and suspended
    ones keep their page (reachable by URL) but are not listed."""
    from credentials.models import MicroCredential, Status

    return (
        MicroCredential.objects.filter(
            provider=provider, published_version__status=Status.PUBLISHED
        )
        .select_related(
            "published_version__level__framework",
            "published_version__credit_system",
        )
        .order_by("published_version__title", "pk")
    )


def providers_for_regulator(*, status: str | None = None):
    """Every provider, applications awaiting a decision first."""
    queryset = Provider.objects.annotate(
        pending=Case(
            When(status=Provider.Status.APPLIED, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("pending", "legal_name")


def pending_applications():
    return Provider.objects.filter(status=Provider.Status.APPLIED).order_by("created_at")


def provider_for_regulator(slug: str) -> Provider:
    provider = (
        Provider.objects.prefetch_related("scope_frameworks", "scope_fields")
        .filter(slug=slug)
        .first()
    )
    if provider is None:
        raise Http404
    return provider
