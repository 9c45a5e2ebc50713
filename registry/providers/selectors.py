"""Reads on the provider register that pages rely on, and the provider access gate."""

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404
from django.utils.translation import gettext as _

from registry.accounts.models import AnyUser
from registry.accounts.selectors import has_role, is_member, require_regulator
from registry.core.errors import NotAllowed
from registry.providers.models import PUBLIC_PROVIDER_STATUSES, Provider


def provider_for_member(user: AnyUser | None, slug: str, *, role: str | None = None) -> Provider:
    """The provider gate: the provider `slug` if `user` is one of its members and acts for it
    (an API key made for another provider does not). Anybody else gets 404, whether or not the
    provider exists, so nobody learns which providers exist through the portal or the API. A
    member without `role` gets `NotAllowed` (403): they know the provider already."""
    provider = Provider.objects.filter(slug=slug).first()
    if provider is None or not is_member(user, provider):
        raise Http404
    if role is not None and not has_role(user, provider, role):
        raise NotAllowed(
            _("Your role at %(provider)s does not allow this.")
            % {"provider": provider.display_name}
        )
    return provider


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


def public_providers() -> QuerySet[Provider]:
    """The public register of providers (registered, suspended, deregistered) with their scope."""
    return Provider.objects.prefetch_related("scope_frameworks", "scope_fields").filter(
        status__in=PUBLIC_PROVIDER_STATUSES
    )


def providers_for_regulator(*, status: str | None = None) -> QuerySet[Provider]:
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


def pending_applications() -> QuerySet[Provider]:
    return Provider.objects.filter(status=Provider.Status.APPLIED).order_by("created_at")


def provider_for_regulator(user: AnyUser | None, slug: str) -> Provider:
    """Any provider, applications included, for a regulator; 404 for everybody else."""
    require_regulator(user)
    provider = (
        Provider.objects.prefetch_related("scope_frameworks", "scope_fields")
        .filter(slug=slug)
        .first()
    )
    if provider is None:
        raise Http404
    return provider
