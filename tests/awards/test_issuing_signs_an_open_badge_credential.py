"""Issuing an award signs an Open Badges 3.0 credential with the provider's key, carrying the
learner only as hashed identities, and audits it."""

import pytest

from credentials.awards import keyring
from credentials.awards.models import Award
from credentials.signing import did_web, eddsa
from registry.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_credential_verifies_against_the_providers_did_document(award):
    document = keyring.did_document(award.provider)
    result = eddsa.verify_credential(award.credential, did_web.assertion_key_resolver([document]))
    assert result.valid, result.message
    assert award.credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert award.credential["issuer"]["id"] == keyring.provider_did(award.provider)
    assert award.credential["proof"]["cryptosuite"] == "eddsa-rdfc-2022"


def test_the_learner_is_identified_only_by_hashes(award):
    text = str(award.credential)
    assert "aisha.ramdin@example.org" not in text.lower()
    assert "R1234567" not in text
    identity = award.credential["credentialSubject"]["identifier"][0]
    assert identity["hashed"] is True and identity["identityHash"].startswith("sha256$")
    assert award.learner_identifier_hash.startswith("sha256$")
    assert "R1234567" not in award.learner_identifier_hash


def test_the_achievement_describes_the_awarded_version(award, published):
    achievement = award.credential["credentialSubject"]["achievement"]
    assert achievement["name"] == published.title
    assert achievement["humanCode"] == published.micro_credential.code
    assert achievement["creditsAvailable"] == 12
    assert achievement["id"].endswith(f"/micro-credentials/{published.micro_credential.code}/")
    assert "Configure identity and access management" in achievement["criteria"]["narrative"]
    targets = {alignment["targetType"] for alignment in achievement["alignment"]}
    assert {"ext:NQFLevel", "ext:ISCED-F", "ext:Skill"} <= targets
    assert award.credential["credentialStatus"]["type"] == "BitstringStatusListEntry"
    assert award.credential["credentialSubject"]["result"][0]["value"] == "Distinction"


def test_issuing_is_audited(award):
    event = AuditEvent.objects.get(action="award.issued", object_id=str(award.pk))
    assert event.after["external_id"] == "2026-CLOUD-0001"


def test_the_same_external_id_again_issues_nothing_new(issue, published, award):
    again = issue(published, learner_name="Somebody else")
    assert again.pk == award.pk
    assert Award.objects.count() == 1


def test_awards_get_distinct_status_list_slots_and_codes(issue, published):
    first = issue(published, external_id="A-1")
    second = issue(published, external_id="A-2")
    assert first.status_index != second.status_index
    assert first.verification_code != second.verification_code


def test_validity_of_awards_sets_valid_until(issue, workflow):
    from credentials.models import Status

    version = workflow.version_in(Status.PUBLISHED, validity_months=24)
    award = issue(version)
    assert award.valid_until is not None
    assert award.credential["validUntil"].startswith(str(award.issued_on.year + 2))
