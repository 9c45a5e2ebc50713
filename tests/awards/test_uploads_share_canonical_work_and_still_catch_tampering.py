"""Uploaded credentials of one micro-credential share their issuer and achievement, which a web
process canonicalizes once; an upload changed anywhere in those shared parts, after genuine ones
were verified, is still "tampered" (or "unknown", for another issuer's DID), and the genuine ones
stay "valid"."""

import pytest

from credentials.awards import verification
from tests.credentials.signing.test_tampering_fails_in_both_verifiers import (
    changed,
    leaves,
    with_value,
)

pytestmark = pytest.mark.django_db


def test_a_changed_issuer_or_achievement_is_tampered_after_genuine_uploads(issue, published):
    genuine = [
        issue(published, external_id=f"SHARE-{n}", learner_email=f"l{n}@example.org").credential
        for n in range(3)
    ]
    shared_parts = [
        (path, value)
        for path, value in leaves(genuine[0])
        if path[0] == "issuer" or path[:2] == ("credentialSubject", "achievement")
    ]

    verdicts = [verification.verify_document(credential).outcome for credential in genuine * 2]
    outcomes = {
        path: verification.verify_document(with_value(genuine[0], path, changed(value))).outcome
        for path, value in shared_parts
    }

    assert verdicts == [verification.VALID] * 6
    assert len(shared_parts) > 20
    # Another issuer's DID is not in the register; every other change breaks the signature.
    assert outcomes.pop(("issuer", "id")) == verification.UNKNOWN
    assert set(outcomes.values()) == {verification.TAMPERED}
    assert [verification.verify_document(c).outcome for c in genuine] == [verification.VALID] * 3
