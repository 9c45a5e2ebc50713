"""An uploaded credential's revocation is read where its own status entry points, and that entry
must be the award's slot in the provider's status list: a credential that names another
award's slot (signed by the provider, so the signature holds) could otherwise hide a
revocation behind a bit that is not set."""

import copy

import pytest

from credentials.awards import keyring, services, verification
from credentials.signing import eddsa

pytestmark = pytest.mark.django_db


def _resigned(award, **status_entry):
    """The award's credential with its status entry changed, signed again by its provider."""
    document = copy.deepcopy(award.credential)
    del document["proof"]
    document["credentialStatus"].update(status_entry)
    key = keyring.current_key(award.provider)
    return eddsa.sign_credential(
        document,
        keyring.private_key(key),
        keyring.verification_method(key),
        award.credential["proof"]["created"],
    )


def test_a_revoked_award_pointing_at_another_awards_slot_is_not_valid(
    award, issue, published, institution_admin
):
    other = issue(published, external_id="OTHER-SLOT")
    services.revoke_award(actor=institution_admin, award=award, reason="Issued in error.")
    forged = _resigned(
        award, statusListIndex=other.credential["credentialStatus"]["statusListIndex"]
    )

    verdict = verification.verify_document(forged)

    assert verdict.outcome == "tampered"
    assert "status entry" in verdict.explanation
    assert verification.verify_document(award.credential).outcome == "revoked"


def test_a_status_list_that_is_not_the_awards_is_refused(award):
    url = award.credential["credentialStatus"]["statusListCredential"]
    forged = _resigned(award, statusListCredential=url.replace("/1.json", "/2.json"))

    assert verification.verify_document(forged).outcome == "tampered"
    assert verification.verify_document(award.credential).outcome == "valid"
