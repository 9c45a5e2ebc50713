"""Test data for the signing tests: an issuer (provider) with its keys and DID document, and
complete awards to sign."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from credentials.signing import did_web, eddsa, keys, open_badges, status_list

BASE_URL = "https://registry.example.org"
VALID_FROM = "2026-01-05T09:00:00Z"
SIGNED_AT = "2026-01-05T09:30:00Z"


@dataclass
class Issuer:
    did: str
    key: Any
    fragment: str
    retired: list[tuple[str, Any]]

    @property
    def verification_method(self) -> str:
        return did_web.verification_method_id(self.did, self.fragment)

    @property
    def status_list_url(self) -> str:
        return f"{BASE_URL}/providers/uopl/status/1"

    def did_document(self) -> dict:
        published = [
            did_web.PublishedKey(fragment, keys.public_key_multibase(key.public_key()), True)
            for fragment, key in self.retired
        ]
        published.append(
            did_web.PublishedKey(self.fragment, keys.public_key_multibase(self.key.public_key()))
        )
        return did_web.build_did_document(self.did, published)

    def rotated(self, fragment: str) -> Issuer:
        """The same provider after a key rotation: the current key retired, a new one current."""
        return replace(
            self,
            key=keys.generate_private_key(),
            fragment=fragment,
            retired=[*self.retired, (self.fragment, self.key)],
        )

    def resolver(self):
        return did_web.assertion_key_resolver([self.did_document()])


def new_issuer() -> Issuer:
    return Issuer(
        did=did_web.provider_did(BASE_URL, "uopl"),
        key=keys.generate_private_key(),
        fragment="key-2026-01",
        retired=[],
    )


def award_data(issuer: Issuer, index: int = 1, **changes: Any) -> open_badges.AwardData:
    """A complete award: every optional part of the credential present."""
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
                target_name="MU-NQF Level 6",
                target_url=f"{BASE_URL}/frameworks/MU-NQF/levels/6",
                target_type="ext:NQFLevel",
                target_code="6",
                target_framework="Mauritius National Qualifications Framework",
            ),
            open_badges.Alignment(
                target_name="use Python programming language",
                target_url="http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d",
                target_type="ext:ESCOSkill",
                target_framework="ESCO",
            ),
        ),
    )
    data = open_badges.AwardData(
        credential_id=f"{BASE_URL}/awards/{index}",
        issuer=open_badges.IssuerProfile(
            did=issuer.did, name="University of Port Louis", url="https://uopl.example.org"
        ),
        name="Data analysis with Python",
        valid_from=VALID_FROM,
        valid_until="2031-01-05T09:00:00Z",
        recipient=open_badges.hashed_email("learner@example.org", salt="2f8e1c"),
        achievement=achievement,
        status=status_list.status_list_entry(issuer.status_list_url, index),
        grade="Distinction",
        evidence=(open_badges.Evidence(name="Practical", narrative="Notebook and report."),),
    )
    return replace(data, **changes)


def signed(issuer: Issuer, document: dict[str, Any], created: str = SIGNED_AT) -> dict[str, Any]:
    return eddsa.sign_credential(document, issuer.key, issuer.verification_method, created)


def signed_award(issuer: Issuer, index: int = 1, **changes: Any) -> dict[str, Any]:
    return signed(
        issuer, open_badges.build_open_badge_credential(award_data(issuer, index, **changes))
    )


def signed_status_list(issuer: Issuer, revoked: tuple[int, ...] = ()) -> dict[str, Any]:
    bits = status_list.StatusBitstring()
    for index in revoked:
        bits.set(index, True)
    document = status_list.build_status_list_credential(
        issuer.status_list_url, issuer.did, bits, VALID_FROM
    )
    return signed(issuer, document)
