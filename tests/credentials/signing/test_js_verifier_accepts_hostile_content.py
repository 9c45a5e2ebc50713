"""Credentials the registry signed, full of hostile text in every text field, verify in Digital
Bazaar's verifier (and in ours)."""

from dataclasses import replace

from credentials.signing import eddsa, open_badges
from tests.credentials.signing.hostile_text import HOSTILE_TEXTS
from tests.credentials.signing.issuing import award_data, signed, signed_status_list


def hostile_award(issuer, index, text):
    """An award whose every free-text field (URL-typed literals included) is `text`."""
    data = award_data(issuer, index)
    achievement = replace(
        data.achievement,
        name=text,
        description=text,
        criteria_narrative=text,
        field_of_study=text,
        human_code=text,
        alignments=tuple(
            replace(alignment, target_name=text, target_code=text, target_framework=text)
            for alignment in data.achievement.alignments
        ),
    )
    data = replace(
        data,
        name=text,
        issuer=replace(data.issuer, name=text),
        recipient=replace(data.recipient, salt=text),
        achievement=achievement,
        grade=text,
        evidence=(open_badges.Evidence(name=text, narrative=text, genre=text, audience=text),),
    )
    return signed(issuer, open_badges.build_open_badge_credential(data))


def test_hostile_text_verifies_in_the_js_verifier_and_in_python(issuer, js_verifier):
    names = list(HOSTILE_TEXTS)
    credentials = [
        hostile_award(issuer, index, HOSTILE_TEXTS[name]) for index, name in enumerate(names)
    ]

    results = js_verifier.verify(credentials, [issuer.did_document()], [signed_status_list(issuer)])

    failed = {
        name: result["errors"]
        for name, result in zip(names, results, strict=True)
        if not result["verified"]
    }
    assert failed == {}
    assert all(result["revoked"] is False for result in results)
    assert all(eddsa.verify_credential(c, issuer.resolver()).valid for c in credentials)


def test_the_hostile_text_reaches_the_verifier_unchanged(issuer, js_verifier):
    text = HOSTILE_TEXTS["everything"]
    credential = hostile_award(issuer, 1, text)
    altered = hostile_award(issuer, 1, text)
    altered["name"] = text.replace("\u200f", "\u200e", 1)

    results = js_verifier.verify(
        [credential, altered], [issuer.did_document()], [signed_status_list(issuer)]
    )

    assert [result["verified"] for result in results] == [True, False]
