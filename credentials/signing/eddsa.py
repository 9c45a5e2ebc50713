"""`eddsa-rdfc-2022` Data Integrity proofs (W3C Data Integrity EdDSA Cryptosuites v1.0).

hashData = SHA-256(canonical proof configuration) + SHA-256(canonical document), signed with
Ed25519; the proof configuration is the proof without `proofValue`, with the document's
`@context`. `proofValue` is multibase base58btc.
"""

from __future__ import annotations

import enum
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from credentials.signing.canonical import canonicalize
from credentials.signing.errors import UnsignableCredential
from credentials.signing.multibase import base58btc_decode, base58btc_encode
from credentials.signing.rdfc import js_utf8
from credentials.signing.shared_subtrees import SharedSubtrees

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
PROOF_PURPOSE = "assertionMethod"

# data-integrity's check of `created` (an XSD dateTimeStamp), run after the signature.
_DATE_TIME_STAMP = re.compile(
    r"(\d{4})-(0[1-9]|1[0-2])-([12]\d|0[1-9]|3[01])T([01]\d|2[0-3]):([0-5]\d):"
    r"(([0-5]\d)|60)(\.\d+)?(Z|[+-]([01]\d|2[0-3]):([0-5]\d))",
    re.IGNORECASE | re.ASCII,
)


def format_created(created: datetime | str) -> str:
    """An XSD dateTimeStamp in UTC to the second (`2026-01-31T09:00:00Z`)."""
    if isinstance(created, str):
        if not _DATE_TIME_STAMP.fullmatch(created):
            raise ValueError(f"{created!r} is not an XSD dateTimeStamp")
        return created
    if created.tzinfo is None:
        raise ValueError("created must be timezone-aware")
    return created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@lru_cache(maxsize=1024)
def _proof_config_hash(proof_config_json: str, strict: bool) -> bytes:
    """Credentials signed in one batch share their proof configuration: hashed once."""
    canonical = canonicalize(json.loads(proof_config_json), strict=strict)
    return hashlib.sha256(js_utf8(canonical)).digest()


def _hash_data(
    document: dict[str, Any],
    proof_config: dict[str, Any],
    strict: bool,
    shared: SharedSubtrees | None = None,
) -> bytes:
    canonical = canonicalize(document, strict=strict, shared=shared)
    document_hash = hashlib.sha256(js_utf8(canonical)).digest()
    try:
        config_json = json.dumps(proof_config, sort_keys=True, ensure_ascii=False)
    except (TypeError, ValueError):
        raise UnsignableCredential("proof", "the proof is not JSON") from None
    return _proof_config_hash(config_json, strict) + document_hash


def sign_credential(
    document: dict[str, Any],
    key: Ed25519PrivateKey,
    verification_method: str,
    created: datetime | str,
    *,
    shared: SharedSubtrees | None = None,
) -> dict[str, Any]:
    """`document` with an `eddsa-rdfc-2022` proof by `key`; raises `UnsignableCredential` for a
    document that would not canonicalize faithfully (or is already signed). Documents signed in
    one batch pass the batch's `shared` subtrees."""
    if not isinstance(document, dict):
        raise UnsignableCredential("(document)", "a credential is a JSON object")
    if "proof" in document:
        raise UnsignableCredential("proof", "the document already has a proof")
    proof = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": format_created(created),
        "verificationMethod": verification_method,
        "proofPurpose": PROOF_PURPOSE,
    }
    proof_config = {"@context": document.get("@context"), **proof}
    signature = key.sign(_hash_data(document, proof_config, strict=True, shared=shared))
    return {**document, "proof": {**proof, "proofValue": base58btc_encode(signature)}}


class VerificationStatus(enum.Enum):
    VALID = "valid"
    SIGNATURE_MISMATCH = "signature_mismatch"
    MALFORMED_PROOF = "malformed_proof"
    UNKNOWN_KEY = "unknown_key"


@dataclass(frozen=True)
class VerificationResult:
    status: VerificationStatus
    message: str = ""
    verification_method: str | None = None

    @property
    def valid(self) -> bool:
        return self.status is VerificationStatus.VALID


def _malformed(message: str, method: str | None = None) -> VerificationResult:
    return VerificationResult(VerificationStatus.MALFORMED_PROOF, message, method)


def _check_proof(proof: Any) -> str | None:
    """What is wrong with the shape of `proof`, or None."""
    if not isinstance(proof, dict):
        return "the document has no proof object (exactly one proof is expected)"
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        return f"not a {PROOF_TYPE} with cryptosuite {CRYPTOSUITE}"
    if proof.get("proofPurpose") != PROOF_PURPOSE:
        return f"the proof purpose is not {PROOF_PURPOSE}"
    if not isinstance(proof.get("verificationMethod"), str):
        return "the proof has no verificationMethod"
    if "created" in proof and not (
        isinstance(proof["created"], str) and _DATE_TIME_STAMP.fullmatch(proof["created"])
    ):
        return "proof.created is not an XSD dateTimeStamp"
    return None


def verify_credential(
    document: Any,
    resolve_key: Callable[[str], Ed25519PublicKey | None],
    *,
    shared: SharedSubtrees | None = None,
) -> VerificationResult:
    """Check the `eddsa-rdfc-2022` proof of `document`. `resolve_key` maps a verification method
    id to its public key (None if unknown, e.g. `did_web.assertion_key_resolver`); a document with
    an `issuer` must be signed by a key of that DID, as Digital Bazaar's `vc` requires. Never
    raises on hostile input: every failure is a result. `shared`: the subtrees documents verified
    one after another share (an issuer, an achievement), canonicalized once."""
    try:
        return _verify(document, resolve_key, shared)
    except Exception as error:  # hostile input may break a library in ways no one listed
        return _malformed(f"the document could not be processed ({type(error).__name__})")


def _verify(
    document: Any,
    resolve_key: Callable[[str], Ed25519PublicKey | None],
    shared: SharedSubtrees | None,
) -> VerificationResult:
    if not isinstance(document, dict):
        return _malformed("a credential is a JSON object")
    proof = document.get("proof")
    problem = _check_proof(proof)
    if problem or not isinstance(proof, dict):
        return _malformed(problem or "the proof is not a JSON object")
    method = proof["verificationMethod"]
    try:
        signature = base58btc_decode(proof.get("proofValue"))
    except ValueError as error:
        return _malformed(f"proofValue: {error}", method)
    if len(signature) != 64:
        return _malformed("proofValue is not an Ed25519 signature (64 bytes)", method)
    unsecured = {name: value for name, value in document.items() if name != "proof"}
    proof_config = {"@context": document.get("@context"), **proof}
    del proof_config["proofValue"]
    try:
        hash_data = _hash_data(unsecured, proof_config, strict=False, shared=shared)
    except UnsignableCredential as error:
        return _malformed(f"the document does not canonicalize: {error}", method)
    issuer = document.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if issuer is not None and method.partition("#")[0] != issuer_id:
        return VerificationResult(
            VerificationStatus.UNKNOWN_KEY,
            f"the verification method {method!r} is not a key of the issuer {issuer_id!r}",
            method,
        )
    public_key = resolve_key(method)
    if public_key is None:
        return VerificationResult(
            VerificationStatus.UNKNOWN_KEY, f"unknown verification method {method!r}", method
        )
    try:
        public_key.verify(signature, hash_data)
    except InvalidSignature:
        return VerificationResult(
            VerificationStatus.SIGNATURE_MISMATCH, "the signature does not match", method
        )
    return VerificationResult(VerificationStatus.VALID, "", method)
