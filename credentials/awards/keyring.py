"""Providers' signing keys and DID documents.

The key-encryption key ring comes from `settings.SIGNING_KEYS_KEK` (README: configuration);
private keys are decrypted only to sign, and kept decrypted in memory for one batch at most.
A provider gets its first key when it becomes registered (`provider_status_changed`), or the
first time it issues, or from `manage.py ensure_signing_keys`.
"""

from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from credentials.awards.models import SigningKey
from credentials.signing import did_web, keys
from registry.audit.services import record_event
from registry.providers.models import Provider


def key_ring() -> keys.KeyRing:
    value = getattr(settings, "SIGNING_KEYS_KEK", "")
    if not value:
        raise ImproperlyConfigured(
            "SIGNING_KEYS_KEK is not set: the registry cannot sign awards without the "
            "key-encryption key (see the README's configuration)."
        )
    try:
        return keys.KeyRing.parse(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"SIGNING_KEYS_KEK: {error}") from None


def provider_did(provider: Provider) -> str:
    return did_web.provider_did(settings.REGISTRY_BASE_URL, provider.slug)


def verification_method(key: SigningKey) -> str:
    return did_web.verification_method_id(provider_did(key.provider), key.fragment)


def private_key(key: SigningKey) -> Ed25519PrivateKey:
    return keys.decrypt_private_key(key.encrypted_private_key, key_ring())


def _new_fragment(provider: Provider) -> str:
    stamp = timezone.now().strftime("key-%Y%m%d")
    taken = set(SigningKey.objects.filter(provider=provider).values_list("fragment", flat=True))
    fragment, n = stamp, 1
    while fragment in taken:
        n += 1
        fragment = f"{stamp}-{n}"
    return fragment


def _create_key(provider: Provider, *, actor: Any, action: str) -> SigningKey:
    private = keys.generate_private_key()
    key = SigningKey.objects.create(
        provider=provider,
        fragment=_new_fragment(provider),
        public_key_multibase=keys.public_key_multibase(private.public_key()),
        encrypted_private_key=keys.encrypt_private_key(private, key_ring()),
    )
    record_event(
        actor=actor,
        action=action,
        obj=key,
        provider=provider,
        after={"fragment": key.fragment, "public_key_multibase": key.public_key_multibase},
    )
    return key


@transaction.atomic
def current_key(provider: Provider, *, actor: Any = None) -> SigningKey:
    """The provider's current signing key, created (and audited) if it has none yet."""
    Provider.objects.select_for_update().filter(pk=provider.pk).first()
    key = SigningKey.objects.filter(provider=provider, retired_at__isnull=True).first()
    if key is None:
        key = _create_key(provider, actor=actor, action="signing_key.created")
    key.provider = provider
    return key


@transaction.atomic
def rotate(provider: Provider, *, actor: Any) -> SigningKey:
    """Retire the current key (it stays published and keeps verifying) and create a new one."""
    Provider.objects.select_for_update().filter(pk=provider.pk).first()
    now = timezone.now()
    for old in SigningKey.objects.filter(provider=provider, retired_at__isnull=True):
        old.retired_at = now
        old.save(update_fields=["retired_at"])
        record_event(
            actor=actor,
            action="signing_key.retired",
            obj=old,
            provider=provider,
            after={"fragment": old.fragment},
        )
    return _create_key(provider, actor=actor, action="signing_key.rotated")


def did_document(provider: Provider) -> dict[str, Any]:
    published = [
        did_web.PublishedKey(key.fragment, key.public_key_multibase, key.retired_at is not None)
        for key in SigningKey.objects.filter(provider=provider).order_by("created_at", "id")
    ]
    return did_web.build_did_document(provider_did(provider), published)


def provider_status_changed(sender: Any, provider: Provider, **kwargs: Any) -> None:
    """A provider that becomes registered gets its first signing key in the same transaction."""
    if provider.status == Provider.Status.REGISTERED and settings.SIGNING_KEYS_KEK:
        current_key(provider)
