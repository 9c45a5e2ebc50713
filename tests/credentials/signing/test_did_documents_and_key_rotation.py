"""A provider's did:web and DID document: the verifier resolves the key from it, and after a key
rotation the retired key still verifies the credentials it signed (here and in Digital Bazaar's
verifier) while new ones are signed with the new key."""

import pytest

from credentials.signing import did_web, eddsa, keys
from credentials.signing.document_loader import DID_V1, MULTIKEY_V1
from tests.credentials.signing.issuing import signed_award, signed_status_list


@pytest.mark.parametrize(
    ("base_url", "did"),
    [
        ("https://registry.example.org", "did:web:registry.example.org:providers:uopl"),
        ("https://registry.example.org/", "did:web:registry.example.org:providers:uopl"),
        ("https://registry.example.org:8443", "did:web:registry.example.org%3A8443:providers:uopl"),
        ("http://127.0.0.1:8000/mqa/", "did:web:127.0.0.1%3A8000:mqa:providers:uopl"),
    ],
)
def test_the_did_comes_from_the_registry_base_url(base_url, did):
    assert did_web.provider_did(base_url, "uopl") == did


def test_the_did_resolves_to_the_providers_did_json():
    did = "did:web:registry.example.org%3A8443:mqa:providers:uopl"

    assert did_web.did_document_url(did) == (
        "https://registry.example.org:8443/mqa/providers/uopl/did.json"
    )


@pytest.mark.parametrize("base_url", ["ftp://example.org", "registry.example.org", "https://"])
def test_a_base_url_that_is_not_http_is_refused(base_url):
    with pytest.raises(ValueError):
        did_web.provider_did(base_url, "uopl")


def test_the_did_document_lists_every_key_and_authenticates_with_current_ones(issuer):
    rotated = issuer.rotated("key-2026-06")

    document = rotated.did_document()

    assert document["@context"] == [DID_V1, MULTIKEY_V1]
    assert document["id"] == issuer.did
    old, new = issuer.verification_method, rotated.verification_method
    assert [method["id"] for method in document["verificationMethod"]] == [old, new]
    assert all(method["type"] == "Multikey" for method in document["verificationMethod"])
    assert all(method["controller"] == issuer.did for method in document["verificationMethod"])
    assert document["assertionMethod"] == [old, new]
    assert document["authentication"] == [new]


def test_public_key_multibase_is_the_ed25519_multikey(issuer):
    encoded = keys.public_key_multibase(issuer.key.public_key())

    assert encoded.startswith("z6Mk")
    assert keys.public_key_from_multibase(encoded) == issuer.key.public_key()


def test_a_retired_key_still_verifies_what_it_signed(issuer, js_verifier):
    old_credential = signed_award(issuer, 1)
    rotated = issuer.rotated("key-2026-06")
    new_credential = signed_award(rotated, 2)
    stranger = issuer.rotated("key-elsewhere")
    forged = signed_award(stranger, 3)

    results = js_verifier.verify(
        [old_credential, new_credential, forged],
        [rotated.did_document()],
        [signed_status_list(rotated)],
    )

    assert [r["verified"] for r in results] == [True, True, False]
    resolve = rotated.resolver()
    assert eddsa.verify_credential(old_credential, resolve).valid
    assert eddsa.verify_credential(new_credential, resolve).valid
    assert eddsa.verify_credential(forged, resolve).status is eddsa.VerificationStatus.UNKNOWN_KEY


def test_a_key_left_out_of_assertion_method_does_not_verify(issuer, js_verifier):
    credential = signed_award(issuer)
    document = issuer.did_document()
    document["assertionMethod"] = []

    results = js_verifier.verify([credential], [document], [signed_status_list(issuer)])

    assert not results[0]["verified"]
    resolve = did_web.assertion_key_resolver([document])
    assert (
        eddsa.verify_credential(credential, resolve).status is eddsa.VerificationStatus.UNKNOWN_KEY
    )
