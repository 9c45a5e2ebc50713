"""A provider's `did:web` identifier and DID document.

A provider's DID is derived from the registry's public base URL by the did:web method: host
(a port percent-encoded as `%3A`), then each path segment, then `providers:<slug>`, so that
`https://registry.example.org:8443/base` gives
`did:web:registry.example.org%3A8443:base:providers:uopl`,
resolved at `https://registry.example.org:8443/base/providers/uopl/did.json`.

Every key the provider ever signed with stays in the document, in `verificationMethod` and in
`assertionMethod`, so that credentials signed before a rotation keep verifying; only keys not
retired are listed under `authentication`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from credentials.signing.document_loader import DID_V1, MULTIKEY_V1
from credentials.signing.keys import public_key_from_multibase


def provider_did(base_url: str, slug: str) -> str:
    """The did:web of the provider `slug` on the registry at `base_url`."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValueError(f"{base_url!r} is not an http(s) URL")
    if not slug or "/" in slug or ":" in slug:
        raise ValueError(f"{slug!r} is not a provider slug")
    host = parts.hostname + (f"%3A{parts.port}" if parts.port else "")
    segments = [quote(segment, safe="") for segment in parts.path.split("/") if segment]
    return ":".join(["did:web", host, *segments, "providers", quote(slug, safe="")])


def did_document_url(did: str) -> str:
    """Where a did:web DID document is published (https, as the method requires)."""
    if not did.startswith("did:web:"):
        raise ValueError(f"{did!r} is not a did:web")
    host, *segments = did.removeprefix("did:web:").split(":")
    path = "/".join(segments) if segments else ".well-known"
    return f"https://{unquote(host)}/{path}/did.json"


@dataclass(frozen=True)
class PublishedKey:
    """One key of a provider: `fragment` is its id within the DID document (`key-2026-01`)."""

    fragment: str
    public_key_multibase: str
    retired: bool = False


def verification_method_id(did: str, fragment: str) -> str:
    return f"{did}#{fragment}"


def build_did_document(did: str, keys: Iterable[PublishedKey]) -> dict[str, Any]:
    """The DID document a provider publishes (`/providers/<slug>/did.json`)."""
    keys = list(keys)
    if len({key.fragment for key in keys}) != len(keys):
        raise ValueError("key fragments must be unique within a DID document")
    methods = [
        {
            "id": verification_method_id(did, key.fragment),
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": key.public_key_multibase,
        }
        for key in keys
    ]
    return {
        "@context": [DID_V1, MULTIKEY_V1],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
        "authentication": [
            method["id"] for method, key in zip(methods, keys, strict=True) if not key.retired
        ],
    }


def assertion_key_resolver(
    did_documents: Iterable[dict[str, Any]],
) -> Callable[[str], Ed25519PublicKey | None]:
    """A `resolve_key` for `eddsa.verify_credential`: the Ed25519 key of a verification method
    that its DID document (among those given) lists under `assertionMethod`, else None."""
    documents = {document.get("id"): document for document in did_documents}
    resolved: dict[str, Ed25519PublicKey | None] = {}

    def resolve(method_id: str) -> Ed25519PublicKey | None:
        if method_id not in resolved:
            resolved[method_id] = _assertion_key(documents, method_id)
        return resolved[method_id]

    return resolve


def _assertion_key(documents: dict, method_id: str) -> Ed25519PublicKey | None:
    did = method_id.partition("#")[0]
    document = documents.get(did)
    if document is None or method_id not in document.get("assertionMethod", ()):
        return None
    for method in document.get("verificationMethod", ()):
        if method.get("id") == method_id and method.get("controller") == did:
            try:
                return public_key_from_multibase(method.get("publicKeyMultibase"))
            except ValueError:
                return None
    return None
