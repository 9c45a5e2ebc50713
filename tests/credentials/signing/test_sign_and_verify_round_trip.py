"""A credential the registry signs verifies in Python; a wrong key, a changed signature or a
broken proof is reported as such, never raised."""

import copy

import pytest

from credentials.signing import did_web, eddsa, keys
from credentials.signing.eddsa import VerificationStatus
from credentials.signing.open_badges import build_open_badge_credential
from tests.credentials.signing.issuing import (
    award_data,
    new_issuer,
    signed,
    signed_award,
    signed_status_list,
)


def test_a_signed_award_verifies(issuer):
    credential = signed_award(issuer)

    result = eddsa.verify_credential(credential, issuer.resolver())

    assert result.valid, result.message
    assert result.verification_method == issuer.verification_method


def test_the_proof_is_an_eddsa_rdfc_2022_data_integrity_proof(issuer):
    proof = signed_award(issuer)["proof"]

    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert proof["proofPurpose"] == "assertionMethod"
    assert proof["verificationMethod"] == issuer.verification_method
    assert proof["created"] == "2026-01-05T09:30:00Z"
    assert proof["proofValue"].startswith("z")


def test_a_signed_status_list_verifies(issuer):
    assert eddsa.verify_credential(signed_status_list(issuer, (3,)), issuer.resolver()).valid


def test_another_key_is_a_signature_mismatch(issuer):
    credential = signed_award(issuer)
    issuer.key = keys.generate_private_key()

    result = eddsa.verify_credential(credential, issuer.resolver())

    assert result.status is VerificationStatus.SIGNATURE_MISMATCH


def test_a_key_the_did_document_does_not_list_is_unknown(issuer):
    credential = signed_award(issuer)
    credential["proof"]["verificationMethod"] = issuer.did + "#key-elsewhere"

    result = eddsa.verify_credential(credential, issuer.resolver())

    assert result.status is VerificationStatus.UNKNOWN_KEY


def test_signing_an_already_signed_document_is_refused(issuer):
    with pytest.raises(eddsa.UnsignableCredential, match="already has a proof"):
        eddsa.sign_credential(
            signed_award(issuer), issuer.key, issuer.verification_method, "2026-01-01T00:00:00Z"
        )


def _broken(credential, change):
    credential = copy.deepcopy(credential)
    change(credential)
    return credential


BROKEN_PROOFS = {
    "no proof": lambda c: c.pop("proof"),
    "proof is a list": lambda c: c.update(proof=[c["proof"]]),
    "proof is text": lambda c: c.update(proof="signed"),
    "other cryptosuite": lambda c: c["proof"].update(cryptosuite="ecdsa-rdfc-2019"),
    "other purpose": lambda c: c["proof"].update(proofPurpose="authentication"),
    "no verification method": lambda c: c["proof"].pop("verificationMethod"),
    "proofValue not multibase": lambda c: c["proof"].update(proofValue="abc"),
    "proofValue not base58": lambda c: c["proof"].update(proofValue="z0OIl"),
    "proofValue too short": lambda c: c["proof"].update(proofValue="z2"),
    "proofValue a number": lambda c: c["proof"].update(proofValue=5),
    "created not a date": lambda c: c["proof"].update(created="yesterday"),
    "undefined term": lambda c: c.update(unexpected="value"),
    "unknown context": lambda c: c.update({"@context": ["https://example.org/ctx"]}),
    "context is a number": lambda c: c.update({"@context": 5}),
    "relative id": lambda c: c.update(id="awards/1"),
    "deeply nested": lambda c: c["credentialSubject"].update(
        achievement=_nested({"type": ["Achievement"]}, 50_000)
    ),
}


def _nested(leaf, depth):
    for _ in range(depth):
        leaf = {"type": ["Achievement"], "creator": leaf}
    return leaf


@pytest.mark.parametrize("change", BROKEN_PROOFS.values(), ids=BROKEN_PROOFS.keys())
def test_hostile_documents_are_reported_not_raised(issuer, change):
    credential = _broken(signed_award(issuer), change)

    result = eddsa.verify_credential(credential, issuer.resolver())

    assert not result.valid
    assert result.status in (
        VerificationStatus.MALFORMED_PROOF,
        VerificationStatus.SIGNATURE_MISMATCH,
    )
    assert result.message


@pytest.mark.parametrize("document", [None, [], "text", 5, {}])
def test_what_is_not_a_credential_is_malformed(issuer, document):
    result = eddsa.verify_credential(document, issuer.resolver())

    assert result.status is VerificationStatus.MALFORMED_PROOF


def test_a_key_of_another_issuer_is_refused(issuer, js_verifier):
    impostor = new_issuer()
    impostor.did = did_web.provider_did("https://registry.example.org", "ocean")
    document = build_open_badge_credential(award_data(issuer))

    forged = signed(impostor, document)
    documents = [issuer.did_document(), impostor.did_document()]
    resolve = did_web.assertion_key_resolver(documents)

    result = eddsa.verify_credential(forged, resolve)
    assert result.status is VerificationStatus.UNKNOWN_KEY
    assert "not a key of the issuer" in result.message
    assert not js_verifier.verify([forged], documents, [signed_status_list(issuer)])[0]["verified"]
