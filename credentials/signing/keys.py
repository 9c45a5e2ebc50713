"""Issuer keys: Ed25519, published as Multikey, private halves encrypted at rest.

A private key is stored as `v1.<kek id>.<base64url(nonce | AES-256-GCM ciphertext)>`, the key
id bound to the ciphertext as associated data. The key-encryption keys (KEKs) come from the
environment as a key ring, `kek-2026:<base64url of 32 bytes>,kek-2025:<...>`: the first encrypts,
all decrypt, so a KEK is rotated by putting a new one first, re-encrypting every stored key with
`reencrypt_private_key`, then dropping the old one.
"""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from credentials.signing.multibase import base58btc_decode, base58btc_encode

ED25519_PUB_MULTICODEC = b"\xed\x01"
_FORMAT_VERSION = "v1"
_KEK_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


class KeyDecryptionError(ValueError):
    """A stored private key could not be decrypted: an unknown KEK id, the wrong KEK, or a
    damaged value."""


def generate_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def public_key_multibase(public_key: Ed25519PublicKey) -> str:
    """`publicKeyMultibase` of a Multikey: base58btc of the multicodec 0xed01 and the raw key."""
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base58btc_encode(ED25519_PUB_MULTICODEC + raw)


def public_key_from_multibase(text: str) -> Ed25519PublicKey:
    """The Ed25519 key of a `publicKeyMultibase`; ValueError if it is not one."""
    data = base58btc_decode(text)
    if len(data) != 34 or not data.startswith(ED25519_PUB_MULTICODEC):
        raise ValueError("not an Ed25519 Multikey (0xed01 and 32 bytes)")
    return Ed25519PublicKey.from_public_bytes(data[2:])


@dataclass(frozen=True)
class KeyEncryptionKey:
    kek_id: str
    secret: bytes

    def __post_init__(self):
        if not _KEK_ID.fullmatch(self.kek_id):
            raise ValueError("a KEK id is 1-64 letters, digits, '-' or '_'")
        if len(self.secret) != 32:
            raise ValueError(f"KEK {self.kek_id!r} must be 32 bytes (AES-256)")

    def __repr__(self) -> str:
        return f"KeyEncryptionKey({self.kek_id!r}, <secret>)"


class KeyRing:
    """The KEKs in use: `current` encrypts, every one decrypts."""

    def __init__(self, current: KeyEncryptionKey, older: Iterable[KeyEncryptionKey] = ()):
        self.current = current
        self._by_id = {kek.kek_id: kek for kek in [*older, current]}

    @classmethod
    def parse(cls, value: str | bytes) -> KeyRing:
        """`id:base64url-secret[,id:base64url-secret...]`, the first one current."""
        if isinstance(value, bytes):
            value = value.decode("ascii")
        keks = []
        for entry in value.split(","):
            kek_id, separator, encoded = entry.strip().partition(":")
            if not separator:
                raise ValueError("each KEK is written 'id:base64url-secret'")
            try:
                secret = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
            except ValueError:
                raise ValueError(f"KEK {kek_id!r} is not base64url") from None
            keks.append(KeyEncryptionKey(kek_id, secret))
        if len({kek.kek_id for kek in keks}) != len(keks):
            raise ValueError("KEK ids must be unique")
        return cls(keks[0], keks[1:])

    def get(self, kek_id: str) -> KeyEncryptionKey:
        try:
            return self._by_id[kek_id]
        except KeyError:
            raise KeyDecryptionError(f"no key-encryption key {kek_id!r} is configured") from None


def new_kek_secret() -> str:
    """A fresh KEK secret, base64url, for the key ring."""
    return base64.urlsafe_b64encode(os.urandom(32)).rstrip(b"=").decode("ascii")


def _associated_data(kek_id: str) -> bytes:
    return f"registry-signing-key:{_FORMAT_VERSION}:{kek_id}".encode()


def encrypt_private_key(private_key: Ed25519PrivateKey, ring: KeyRing) -> str:
    raw = private_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    kek = ring.current
    nonce = os.urandom(12)
    sealed = AESGCM(kek.secret).encrypt(nonce, raw, _associated_data(kek.kek_id))
    body = base64.urlsafe_b64encode(nonce + sealed).rstrip(b"=").decode("ascii")
    return f"{_FORMAT_VERSION}.{kek.kek_id}.{body}"


def stored_kek_id(token: str) -> str:
    """Which KEK encrypted a stored key (to find those still to re-encrypt after a rotation)."""
    version, _, rest = token.partition(".")
    kek_id, separator, _ = rest.partition(".")
    if version != _FORMAT_VERSION or not separator:
        raise KeyDecryptionError("not an encrypted private key of this registry")
    return kek_id


def decrypt_private_key(token: str, ring: KeyRing) -> Ed25519PrivateKey:
    kek = ring.get(stored_kek_id(token))
    body = token.rsplit(".", 1)[1]
    try:
        data = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        raw = AESGCM(kek.secret).decrypt(data[:12], data[12:], _associated_data(kek.kek_id))
    except (InvalidTag, ValueError):
        raise KeyDecryptionError(
            f"the private key does not decrypt with key-encryption key {kek.kek_id!r}: "
            "the wrong KEK, or a damaged value"
        ) from None
    return Ed25519PrivateKey.from_private_bytes(raw)


def reencrypt_private_key(token: str, ring: KeyRing) -> str:
    """The same private key encrypted with the ring's current KEK."""
    return encrypt_private_key(decrypt_private_key(token, ring), ring)
