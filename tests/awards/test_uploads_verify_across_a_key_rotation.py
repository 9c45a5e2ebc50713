"""A full verification reads the issuer's DID document from the register and keeps it in the
process for a few seconds; a credential signed with a key made since (a rotation) still
verifies at once, and one signed with no key of the issuer is still not genuine."""

import copy

import pytest

from credentials.awards import services, verification
from tests.awards.conftest import award_input

pytestmark = pytest.mark.django_db


def test_a_credential_signed_after_a_rotation_verifies_at_once(
    award, published, institution_staff, settings
):
    settings.VERDICT_FACTS_SECONDS = 600  # the DID document read now is kept
    assert verification.verify_document(award.credential).outcome == "valid"

    services.rotate_signing_key(actor=None, provider=award.provider)
    newer, _created = services.issue_award(
        actor=institution_staff,
        provider=award.provider,
        data=award_input(published, external_id="AFTER-ROTATION"),
    )

    assert (
        newer.credential["proof"]["verificationMethod"]
        != (award.credential["proof"]["verificationMethod"])
    )
    assert verification.verify_document(newer.credential).outcome == "valid"
    assert verification.verify_document(award.credential).outcome == "valid"


def test_a_changed_credential_is_still_not_genuine_with_the_document_kept(award, settings):
    settings.VERDICT_FACTS_SECONDS = 600
    verification.verify_document(award.credential)
    changed = copy.deepcopy(award.credential)
    changed["credentialSubject"]["result"] = [{"type": ["Result"], "value": "Distinction+"}]
    assert verification.verify_document(changed).outcome == "tampered"
