"""Who belongs where, and who may act for whom: the single source for role questions asked by
services, selectors, views and the API.

A request authenticated by an API key acts through that key (`User.acting_key`, set by
`registry.accounts.api_auth.ApiKeyAuthentication`): a provider's key acts only for the provider it
was made for, even when its owner belongs to others too, and a regulator's own key acts as that
regulator. Every predicate here takes the key into account, so the gates built on them
(`registry.providers.selectors.provider_for_member`, `credentials.selectors.*_for_user`) do too.
"""

from django.db.models import QuerySet
from django.http import Http404

from registry.accounts.models import AnyUser, ApiKey, Membership, User
from registry.providers.models import Provider


def acting_key(user: AnyUser | None) -> ApiKey | None:
    """The API key the request came with, if it came with one."""
    return user.acting_key if isinstance(user, User) else None


def _acts_for(user: User, provider: Provider) -> bool:
    key = user.acting_key
    return key is None or key.provider_id == provider.pk


def is_regulator(user: AnyUser | None) -> bool:
    """A regulator officer, signed in or through their own key (not a provider's key)."""
    if not isinstance(user, User) or not user.is_regulator or not user.is_active:
        return False
    return user.acting_key is None or user.acting_key.provider_id is None


def require_regulator(user: AnyUser | None) -> None:
    """The regulator gate: 404 for everybody else, so regulator-only objects stay unseen."""
    if not is_regulator(user):
        raise Http404


def has_role(user: AnyUser | None, provider: Provider, role: str | None = None) -> bool:
    """`user` is a member of `provider` (with `role`, when given) and acts for it."""
    if not isinstance(user, User) or not _acts_for(user, provider):
        return False
    memberships = Membership.objects.filter(user=user, provider=provider)
    if role is not None:
        memberships = memberships.filter(role=role)
    return memberships.exists()


def is_member(user: AnyUser | None, provider: Provider) -> bool:
    return has_role(user, provider)


def is_provider_admin(user: AnyUser | None, provider: Provider) -> bool:
    return has_role(user, provider, Membership.Role.ADMIN)


def providers_for_user(user: AnyUser | None) -> QuerySet[Provider]:
    """The providers `user` may act for, by name."""
    if not isinstance(user, User):
        return Provider.objects.none()
    providers = Provider.objects.filter(memberships__user=user)
    key = user.acting_key
    if key is not None:
        providers = providers.filter(pk=key.provider_id)
    return providers.order_by("legal_name")


def membership_for(user: AnyUser | None, provider: Provider) -> Membership | None:
    if not isinstance(user, User) or not _acts_for(user, provider):
        return None
    return Membership.objects.filter(user=user, provider=provider).first()


def members_of(provider: Provider) -> QuerySet[Membership]:
    """A provider's memberships with their people, by name."""
    return (
        Membership.objects.filter(provider=provider)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__email")
    )


def api_keys_for(provider: Provider) -> QuerySet[ApiKey]:
    """A provider's API keys, newest first, revoked ones included (the list shows them)."""
    return (
        ApiKey.objects.filter(provider=provider)
        .select_related("owner")
        .order_by("-created_at", "-pk")
    )


def regulator_api_keys(user: User) -> QuerySet[ApiKey]:
    """A regulator officer's own keys (no provider), newest first, revoked ones included."""
    return ApiKey.objects.filter(provider__isnull=True, owner=user).order_by("-created_at", "-pk")
