"""The Open Badges 3.0 `OpenBadgeCredential` of an award, built from plain data.

Property names are those the OB 3.0.3 context defines (checked by signing, which refuses an
undefined term); `type` values are lists or strings as the OB 3.0 JSON schema has them. The
learner is identified by a salted hash of their e-mail address, never the address itself.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from credentials.signing.document_loader import CREDENTIALS_V2, OPEN_BADGES_V3
from credentials.signing.eddsa import format_created


@dataclass(frozen=True)
class IssuerProfile:
    did: str
    name: str
    url: str


@dataclass(frozen=True)
class Alignment:
    """An alignment of the achievement: to a framework level's page or to a skill."""

    target_name: str
    target_url: str
    target_type: str | None = None
    target_code: str | None = None
    target_framework: str | None = None
    target_description: str | None = None


@dataclass(frozen=True)
class AchievementData:
    """The micro-credential (the version the award was issued under)."""

    id: str
    name: str
    description: str
    criteria_narrative: str
    achievement_type: str = "MicroCredential"
    credits_available: float | None = None
    field_of_study: str | None = None
    human_code: str | None = None
    in_language: str | None = None
    alignments: tuple[Alignment, ...] = ()


@dataclass(frozen=True)
class HashedIdentity:
    """An `IdentityObject`: `identity_hash` is `sha256$` and the hex SHA-256 of identity + salt."""

    identity_hash: str
    salt: str
    identity_type: str = "emailAddress"


def hashed_email(email: str, salt: str | None = None) -> HashedIdentity:
    """The identity of a learner by e-mail (trimmed, lower-cased), with a fresh salt if none."""
    salt = secrets.token_hex(16) if salt is None else salt
    digest = hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()
    return HashedIdentity(identity_hash=f"sha256${digest}", salt=salt)


@dataclass(frozen=True)
class Evidence:
    narrative: str | None = None
    name: str | None = None
    description: str | None = None
    id: str | None = None
    genre: str | None = None
    audience: str | None = None


@dataclass(frozen=True)
class AwardData:
    """An issued award: `credential_id` is the stable URL of the award's JSON, `status` its
    `credentialStatus` (`status_list.status_list_entry`)."""

    credential_id: str
    issuer: IssuerProfile
    name: str
    valid_from: datetime | str
    recipient: HashedIdentity
    achievement: AchievementData
    status: dict[str, Any]
    valid_until: datetime | str | None = None
    grade: str | None = None
    evidence: tuple[Evidence, ...] = field(default=())


def _present(**values: Any) -> dict[str, Any]:
    """The entries that are set (an absent value is left out, never written as null)."""
    return {name: value for name, value in values.items() if value is not None}


def _alignment(alignment: Alignment) -> dict[str, Any]:
    return {
        "type": ["Alignment"],
        **_present(
            targetName=alignment.target_name,
            targetUrl=alignment.target_url,
            targetType=alignment.target_type,
            targetCode=alignment.target_code,
            targetFramework=alignment.target_framework,
            targetDescription=alignment.target_description,
        ),
    }


def _achievement(achievement: AchievementData) -> dict[str, Any]:
    document = {
        "id": achievement.id,
        "type": ["Achievement"],
        "achievementType": achievement.achievement_type,
        "name": achievement.name,
        "description": achievement.description,
        "criteria": {"narrative": achievement.criteria_narrative},
        **_present(
            creditsAvailable=achievement.credits_available,
            fieldOfStudy=achievement.field_of_study,
            humanCode=achievement.human_code,
            inLanguage=achievement.in_language,
        ),
    }
    if achievement.alignments:
        document["alignment"] = [_alignment(alignment) for alignment in achievement.alignments]
    return document


def _evidence(evidence: Evidence) -> dict[str, Any]:
    return {
        **_present(id=evidence.id),
        "type": ["Evidence"],
        **_present(
            name=evidence.name,
            description=evidence.description,
            narrative=evidence.narrative,
            genre=evidence.genre,
            audience=evidence.audience,
        ),
    }


def build_open_badge_credential(award: AwardData) -> dict[str, Any]:
    """The unsigned `OpenBadgeCredential` (sign it with `eddsa.sign_credential`)."""
    subject: dict[str, Any] = {
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "identityHash": award.recipient.identity_hash,
                "identityType": award.recipient.identity_type,
                "hashed": True,
                "salt": award.recipient.salt,
            }
        ],
        "achievement": _achievement(award.achievement),
    }
    if award.grade is not None:
        subject["result"] = [{"type": ["Result"], "value": award.grade}]
    document: dict[str, Any] = {
        "@context": [CREDENTIALS_V2, OPEN_BADGES_V3],
        "id": award.credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": award.issuer.did,
            "type": ["Profile"],
            "name": award.issuer.name,
            "url": award.issuer.url,
        },
        "validFrom": format_created(award.valid_from),
        "name": award.name,
        "credentialSubject": subject,
        "credentialStatus": award.status,
    }
    if award.valid_until is not None:
        document["validUntil"] = format_created(award.valid_until)
    if award.evidence:
        document["evidence"] = [_evidence(evidence) for evidence in award.evidence]
    return document
