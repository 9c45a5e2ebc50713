"""API keys on the REST API: `Authorization: Bearer mcr_<prefix>_<secret>` (or `X-Api-Key`).

A request authenticated by a key acts as the key's owner (`request.user`) with the key as
`request.auth` and as `request.user.acting_key`: the access gates in the selectors then let it act
only for the provider the key was made for (or, for a regulator's own key, as that regulator), and
`HasKeyScope` limits it to the key's scopes. Session sign-in is unaffected.
"""

import hmac
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions, permissions

from registry.accounts.models import ApiKey
from registry.accounts.services import API_KEY_TAG, hash_api_key

# last_used_at is a hint for the portal, not an access log: write it at most once a minute.
LAST_USED_RESOLUTION = timedelta(minutes=1)
KEYWORD = "Bearer"


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """Authenticates a registry API key. No key header: not this scheme (None). A key that is
    malformed, unknown or revoked: 401, whatever the other schemes would say."""

    def authenticate(self, request):
        token = self._token(request)
        if token is None:
            return None
        key = self._key_for(token)
        if key is None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked API key."))
        if not key.owner.is_active:
            raise exceptions.AuthenticationFailed(_("The API key's owner is inactive."))
        self._touch(key)
        key.owner.acting_key = key  # the key, not the owner's other memberships, decides
        return key.owner, key

    def authenticate_header(self, request):
        return f'{KEYWORD} realm="api"'

    @staticmethod
    def _token(request) -> str | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if header:
            keyword, _sep, token = header.strip().partition(" ")
            if keyword.lower() == KEYWORD.lower():
                token = token.strip()
                if not token:
                    raise exceptions.AuthenticationFailed(_("No API key after “Bearer”."))
                return token
        token = request.META.get("HTTP_X_API_KEY", "").strip()
        return token or None

    @staticmethod
    def _key_for(token: str) -> ApiKey | None:
        tag, _sep, rest = token.partition("_")
        prefix, _sep, secret = rest.partition("_")
        if tag != API_KEY_TAG or len(prefix) != 8 or not secret:
            return None
        key = (
            ApiKey.objects.select_related("owner")
            .filter(prefix=prefix, revoked_at__isnull=True)
            .first()
        )
        if key is None or not hmac.compare_digest(key.hashed_secret, hash_api_key(token)):
            return None
        return key

    @staticmethod
    def _touch(key: ApiKey) -> None:
        now = timezone.now()
        cutoff = now - LAST_USED_RESOLUTION
        if key.last_used_at is not None and key.last_used_at > cutoff:
            return
        ApiKey.objects.filter(pk=key.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lte=cutoff)
        ).update(last_used_at=now)
        key.last_used_at = now


class HasKeyScope(permissions.BasePermission):
    """A request authenticated by an API key may write only with the key's "write" scope (and
    read with any key). Other requests (anonymous, session) pass: the view's own permissions
    decide them."""

    message = _("This API key does not have the “write” scope.")

    def has_permission(self, request, view) -> bool:
        key = request.auth
        if not isinstance(key, ApiKey):
            return True
        if request.method in permissions.SAFE_METHODS:
            return True
        return key.has_scope(ApiKey.Scope.WRITE)
