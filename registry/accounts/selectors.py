"""Who belongs where. The single source for role questions asked by services and views."""

from registry.accounts.models import Membership


def is_member(user, provider) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and Membership.objects.filter(user=user, provider=provider).exists()
    )


def is_provider_admin(user, provider) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and Membership.objects.filter(
            user=user, provider=provider, role=Membership.Role.ADMIN
        ).exists()
    )


def providers_for_user(user):
    from registry.providers.models import Provider

    if not user.is_authenticated:
        return Provider.objects.none()
    return Provider.objects.filter(memberships__user=user).order_by("legal_name")


def membership_for(user, provider) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, provider=provider).first()


def api_keys_for(provider):
    """A provider's API keys, newest first, revoked ones included (the list shows them)."""
    from registry.accounts.models import ApiKey

    return (
        ApiKey.objects.filter(provider=provider)
        .select_related("owner")
        .order_by("-created_at", "-pk")
    )


def regulator_api_keys(user):
    """A regulator officer's own keys (no provider), newest first, revoked ones included."""
    from registry.accounts.models import ApiKey

    return ApiKey.objects.filter(provider__isnull=True, owner=user).order_by("-created_at", "-pk")
