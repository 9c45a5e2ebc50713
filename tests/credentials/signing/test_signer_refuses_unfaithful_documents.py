"""The signer refuses, naming the field, what would not canonicalize faithfully: terms the
contexts do not define (which JSON-LD would drop), lone surrogates, relative IRIs, values
JSON-LD drops silently, numbers JavaScript reads differently, contexts we do not ship."""

import copy

import pytest

from credentials.signing import eddsa
from credentials.signing.errors import UnsignableCredential
from credentials.signing.open_badges import build_open_badge_credential
from tests.credentials.signing.issuing import award_data, signed


def set_path(document, path, value):
    target = document
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value


ACHIEVEMENT = ("credentialSubject", "achievement")
REFUSALS = [
    # (where, value, field named in the error, reason it gives)
    (("nickname",), "x", "nickname", "not a term the contexts define"),
    ((*ACHIEVEMENT, "level"), "6", "credentialSubject.achievement.level", "not a term"),
    ((*ACHIEVEMENT, "alignment", 0, "targetLevel"), "6", "alignment[0].targetLevel", "not a term"),
    (("credentialSubject", "identifier", 0, "email"), "a@b.org", "identifier[0].email", "not a"),
    (("credentialStatus", "statusSize"), 1, None, None),  # defined: accepted
    (("@foo",), "x", "@foo", "not a term"),
    (("name",), "caf\udce9", "name", "lone surrogate"),
    ((*ACHIEVEMENT, "description"), "\ud83d", "achievement.description", "lone surrogate"),
    (("issuer", "name\ud800"), "x", "issuer.name\ud800", "lone surrogate"),
    (("id",), "awards/1", "id", "relative IRI"),
    ((*ACHIEVEMENT, "id"), "#achievement", "achievement.id", "relative IRI"),
    (("credentialStatus", "statusListCredential"), "status/1", "statusListCredential", "relative"),
    (("issuer", "id"), "https://example.org/a b", "issuer.id", "relative IRI"),
    (("type", 1), "OpenBadgeCredentials", "type[1]", "not a type the contexts define"),
    (("name",), None, "name", "null"),
    ((*ACHIEVEMENT, "alignment"), [], "achievement.alignment", "empty list"),
    ((*ACHIEVEMENT, "creditsAvailable"), 2**60, "creditsAvailable", "beyond 2^53"),
    ((*ACHIEVEMENT, "creditsAvailable"), 1e-7, "creditsAvailable", "as an integer"),
    ((*ACHIEVEMENT, "creditsAvailable"), float("nan"), "creditsAvailable", "NaN"),
    (("@context", 1), "https://example.org/context.json", "@context", "not one the registry ships"),
    (("evidence", 0, "@index"), "i", "evidence[0].@index", "@index is not signed"),
    (("credentialSubject", "@reverse"), {}, "credentialSubject.@reverse", "not supported"),
    (("credentialSubject", "identifier", 0, "id"), "@reserved", "identifier[0].id", "reserved"),
    (("name",), {"@value": "x", "@language": "not a tag!"}, "name", "invalid @language"),
    (("name",), {"@language": "en"}, "name", "only @language"),
    (("evidence", 0), {}, None, None),  # an empty evidence object is a blank node: accepted
    (("name",), {"@value": "x", "@direction": "rtl"}, None, None),  # i18n-datatype: accepted
]


@pytest.mark.parametrize(
    ("path", "value", "field", "reason"), REFUSALS, ids=[str(case[0]) for case in REFUSALS]
)
def test_what_would_not_canonicalize_faithfully_is_refused(issuer, path, value, field, reason):
    document = build_open_badge_credential(award_data(issuer))
    set_path(document, path, value)

    if field is None:
        assert eddsa.verify_credential(signed(issuer, document), issuer.resolver()).valid
        return
    with pytest.raises(UnsignableCredential) as refused:
        signed(issuer, document)
    assert field in refused.value.field
    assert reason in refused.value.reason


def test_a_document_without_context_is_refused(issuer):
    document = build_open_badge_credential(award_data(issuer))
    del document["@context"]

    with pytest.raises(UnsignableCredential, match="@context"):
        signed(issuer, document)


def test_verification_reports_what_signing_refuses(issuer):
    credential = signed(issuer, build_open_badge_credential(award_data(issuer)))
    tampered = copy.deepcopy(credential)
    tampered["credentialSubject"]["achievement"]["level"] = "6"

    result = eddsa.verify_credential(tampered, issuer.resolver())

    assert result.status is eddsa.VerificationStatus.MALFORMED_PROOF
    assert "credentialSubject.achievement.level" in result.message
