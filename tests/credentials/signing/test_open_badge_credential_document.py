"""The OB 3.0 OpenBadgeCredential built from an award: the contexts, types and properties the
specification names, every property a term of the shipped contexts, nothing written as null."""

import hashlib
from dataclasses import replace

from credentials.signing import open_badges
from credentials.signing.canonical import canonicalize
from credentials.signing.document_loader import CREDENTIALS_V2, OPEN_BADGES_V3
from tests.credentials.signing.issuing import award_data


def test_a_complete_award_is_an_open_badge_credential(issuer):
    document = open_badges.build_open_badge_credential(award_data(issuer, 12))

    assert document["@context"] == [CREDENTIALS_V2, OPEN_BADGES_V3]
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["id"] == "https://registry.example.org/awards/12"
    assert document["issuer"]["id"] == issuer.did
    assert document["issuer"]["type"] == ["Profile"]
    assert document["validFrom"] == "2026-01-05T09:00:00Z"
    assert document["validUntil"] == "2031-01-05T09:00:00Z"
    subject = document["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["identifier"][0]["type"] == "IdentityObject"
    assert subject["identifier"][0]["hashed"] is True
    assert subject["identifier"][0]["identityHash"].startswith("sha256$")
    assert subject["result"] == [{"type": ["Result"], "value": "Distinction"}]
    achievement = subject["achievement"]
    assert achievement["type"] == ["Achievement"]
    assert achievement["achievementType"] == "MicroCredential"
    assert achievement["criteria"] == {
        "narrative": "Passed a supervised practical assessment (70% or more)."
    }
    assert achievement["creditsAvailable"] == 7.5
    assert achievement["alignment"][0]["type"] == ["Alignment"]
    assert achievement["alignment"][0]["targetCode"] == "6"
    assert document["credentialStatus"] == {
        "id": "https://registry.example.org/providers/uopl/status/1#12",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "12",
        "statusListCredential": "https://registry.example.org/providers/uopl/status/1",
    }


def test_every_property_is_a_term_of_the_shipped_contexts(issuer):
    document = open_badges.build_open_badge_credential(award_data(issuer))

    nquads = canonicalize(document)

    assert "issuer-dependent" not in nquads
    assert "<https://purl.imsglobal.org/spec/vc/ob/vocab.html#Criteria> _:" in nquads
    assert '<https://schema.org/targetName> "MU-NQF Level 6"' in nquads


def test_optional_parts_left_out_are_absent_not_null(issuer):
    data = award_data(issuer)
    bare = replace(
        data,
        valid_until=None,
        grade=None,
        evidence=(),
        achievement=replace(
            data.achievement,
            credits_available=None,
            field_of_study=None,
            human_code=None,
            in_language=None,
            alignments=(),
        ),
    )

    document = open_badges.build_open_badge_credential(bare)

    assert "validUntil" not in document and "evidence" not in document
    assert "result" not in document["credentialSubject"]
    assert set(document["credentialSubject"]["achievement"]) == {
        "id",
        "type",
        "achievementType",
        "name",
        "description",
        "criteria",
    }
    canonicalize(document)


def test_the_learner_is_identified_by_a_salted_hash_of_the_email():
    identity = open_badges.hashed_email(" Learner@Example.org ", salt="abc")

    assert identity.identity_hash == (
        "sha256$" + hashlib.sha256(b"learner@example.orgabc").hexdigest()
    )
    assert open_badges.hashed_email("a@b.org").salt != open_badges.hashed_email("a@b.org").salt
