"""Signing and verifying Open Badges credentials on one core: credentials per second.

    .venv/bin/python benchmarks/signing_micro.py [--count 2000]

Each credential is different (its index, name and salt). Measured, in one process:
- sign: `eddsa.sign_credential` (strict canonicalization of document and proof configuration,
  SHA-256, Ed25519);
- bare: the same canonicalization without the signer's extra refusals, hash, sign, encode;
- verify: `eddsa.verify_credential` with a DID-document key resolver;
- bare verify: canonicalize document and proof configuration, decode, Ed25519 verify;
- pyld: pyld's own `normalize` (URDNA2015) of document and proof configuration, hash and sign,
  the textbook route, for scale (on a tenth of the count).
"""

import argparse
import hashlib
import time
from dataclasses import replace

from pyld import jsonld

from credentials.signing import did_web, eddsa, keys, open_badges, status_list
from credentials.signing.canonical import canonicalize
from credentials.signing.document_loader import DocumentLoader
from credentials.signing.multibase import base58btc_decode, base58btc_encode

BASE_URL = "https://registry.example.org"
CREATED = "2026-01-05T09:30:00Z"


def documents(did: str, count: int) -> list[dict]:
    achievement = open_badges.AchievementData(
        id=f"{BASE_URL}/micro-credentials/data-analysis-with-python",
        name="Data analysis with Python",
        description="Clean, analyse and present tabular data with pandas.",
        criteria_narrative="Passed a supervised practical assessment (70% or more).",
        credits_available=7.5,
        field_of_study="0613",
        human_code="UOPL-DAP-101",
        in_language="en",
        alignments=(
            open_badges.Alignment(
                "MU-NQF Level 6", f"{BASE_URL}/frameworks/MU-NQF/levels/6", "ext:NQFLevel", "6"
            ),
            open_badges.Alignment("use Python", "http://data.europa.eu/esco/skill/1", "ext:ESCO"),
        ),
    )
    base = open_badges.AwardData(
        credential_id="",
        issuer=open_badges.IssuerProfile(did, "University of Port Louis", "https://uopl.ac.mu"),
        name="Data analysis with Python",
        valid_from="2026-01-05T09:00:00Z",
        recipient=open_badges.hashed_email("learner@example.org", "salt"),
        achievement=achievement,
        status={},
        grade="Distinction",
    )
    status_url = f"{BASE_URL}/providers/uopl/status/1"
    return [
        open_badges.build_open_badge_credential(
            replace(
                base,
                credential_id=f"{BASE_URL}/awards/{index}",
                name=f"Data analysis with Python #{index}",
                recipient=open_badges.hashed_email(f"learner{index}@example.org", f"s{index}"),
                status=status_list.status_list_entry(status_url, index),
            )
        )
        for index in range(count)
    ]


def proof_config(document: dict, method: str) -> dict:
    return {
        "@context": document["@context"],
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": CREATED,
        "verificationMethod": method,
        "proofPurpose": "assertionMethod",
    }


def rate(label: str, count: int, run) -> float:
    started = time.perf_counter()
    run()
    elapsed = time.perf_counter() - started
    print(f"{label:<58} {count / elapsed:8.0f}/s  {elapsed / count * 1000:6.3f} ms each")
    return count / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    count = parser.parse_args().count
    key = keys.generate_private_key()
    did = did_web.provider_did(BASE_URL, "uopl")
    method = did_web.verification_method_id(did, "key-1")
    did_document = did_web.build_did_document(
        did, [did_web.PublishedKey("key-1", keys.public_key_multibase(key.public_key()))]
    )
    unsigned = documents(did, count)
    eddsa.sign_credential(unsigned[0], key, method, CREATED)  # contexts processed once

    signed: list[dict] = []
    sign = rate(
        "sign (strict canonicalize document + proof, hash, Ed25519)",
        count,
        lambda: signed.extend(eddsa.sign_credential(d, key, method, CREATED) for d in unsigned),
    )

    def bare() -> None:
        for document in unsigned:
            document_hash = hashlib.sha256(canonicalize(document, strict=False).encode()).digest()
            config = canonicalize(proof_config(document, method), strict=False)
            signature = key.sign(hashlib.sha256(config.encode()).digest() + document_hash)
            base58btc_encode(signature)

    bare_rate = rate("bare (canonicalize without refusals, hash, Ed25519)", count, bare)
    resolve = did_web.assertion_key_resolver([did_document])
    results: list = []
    verify = rate(
        "verify (canonicalize both, resolve key, Ed25519 verify)",
        count,
        lambda: results.extend(eddsa.verify_credential(c, resolve) for c in signed),
    )
    assert all(result.valid for result in results)
    public_key = key.public_key()

    def bare_verify() -> None:
        for credential in signed:
            proof = credential["proof"]
            document = {name: value for name, value in credential.items() if name != "proof"}
            document_hash = hashlib.sha256(canonicalize(document, strict=False).encode()).digest()
            config = {"@context": document["@context"], **proof}
            del config["proofValue"]
            config_hash = hashlib.sha256(canonicalize(config, strict=False).encode()).digest()
            public_key.verify(base58btc_decode(proof["proofValue"]), config_hash + document_hash)

    bare_verify_rate = rate(
        "bare verify (canonicalize both, decode, Ed25519 verify)", count, bare_verify
    )

    options = {
        "documentLoader": DocumentLoader(),
        "algorithm": "URDNA2015",
        "format": "application/n-quads",
    }

    def pyld_route() -> None:
        for document in unsigned[: max(1, count // 10)]:
            document_hash = hashlib.sha256(jsonld.normalize(document, options).encode()).digest()
            config = jsonld.normalize(proof_config(document, method), options)
            key.sign(hashlib.sha256(config.encode()).digest() + document_hash)

    rate("pyld normalize both, hash, Ed25519 (for scale)", max(1, count // 10), pyld_route)
    print(
        f"sign_credential costs {100 * (bare_rate / sign - 1):.0f}% over bare canonicalize-and-sign"
    )
    print(f"verify_credential costs {100 * (bare_verify_rate / verify - 1):.0f}% over bare verify")


if __name__ == "__main__":
    main()
