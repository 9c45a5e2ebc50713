"""Awards the registry issues through its services, with hostile text everywhere a provider can
put text (every Unicode plane, control characters, quotes, emoji, right-to-left text, very long
strings), verify in Digital Bazaar's verifier, offline, against the DID document and status list
the registry publishes; every tampered copy fails there."""

import shutil

import pytest
from django.utils import timezone

from credentials.awards import keyring, services
from credentials.awards.models import Award
from credentials.models import Status
from tests.awards.conftest import award_input
from tests.awards.test_bulk_issuance import batch_of
from tests.credentials.signing.hostile_text import HOSTILE_TEXTS
from tests.credentials.signing.js_harness import JsVerifier, install_problem
from tests.credentials.signing.test_tampering_fails_in_both_verifiers import (
    changed,
    leaves,
    with_value,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def js_verifier():
    problem = install_problem()
    if problem:
        pytest.skip(problem)
    return JsVerifier(shutil.which("node"))


def storable(text: str) -> str:
    """PostgreSQL text holds every character but NUL (the forms refuse NUL)."""
    return text.replace("\x00", "")


def run(js_verifier, credentials, provider):
    statuses = {c["credentialStatus"]["statusListCredential"]: c for c in credentials}
    lists = [
        status.credential
        for status in provider.status_lists.all()
        if status.credential["id"] in statuses
    ]
    return js_verifier.run(
        credentials=credentials,
        did_documents=[keyring.did_document(provider)],
        status_list_credentials=lists,
        now=timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
    )["results"]


def hostile_version(workflow, text):
    text = storable(text)
    blank = not text.strip()
    return workflow.version_in(
        Status.PUBLISHED,
        title=f"Untitled{text}" if blank else text[:200],
        summary=text,
        learning_outcomes=[f"An outcome{text}" if blank else text],
        assessment_description=text,
        skills=["cloud security"] if blank else [text[:200]],
        validity_months=36,
    )


def test_hostile_awards_verify_in_the_independent_verifier(
    js_verifier, workflow, provider, institution_staff
):
    provider.trading_name = storable(HOSTILE_TEXTS["everything"])[:255]
    provider.save()
    credentials = []
    for index, (name, text) in enumerate(HOSTILE_TEXTS.items()):
        version = hostile_version(workflow, text)
        text = storable(text)
        award, _created = services.issue_award(
            actor=institution_staff,
            provider=provider,
            data=award_input(
                version, external_id=f"HOSTILE-{index}", result=text[:200], learner_name=name
            ),
        )
        credentials.append(award.credential)

    results = run(js_verifier, credentials, provider)

    failed = {
        name: result["errors"]
        for name, result in zip(HOSTILE_TEXTS, results, strict=True)
        if not result["verified"]
    }
    assert failed == {}
    assert all(result["revoked"] is False for result in results)


def test_hostile_awards_issued_in_one_batch_verify_in_the_independent_verifier(
    js_verifier, workflow, provider, institution_staff
):
    """A batch signs its rows with the achievements and issuer it shares canonicalized once:
    rows of several hostile micro-credentials, interleaved, three learners each."""
    provider.trading_name = storable(HOSTILE_TEXTS["everything"])[:255]
    provider.save()
    versions = [hostile_version(workflow, text) for text in HOSTILE_TEXTS.values()]
    rows = [
        {
            "micro_credential": version.micro_credential.code,
            "learner_name": f"Learner {learner}",
            "learner_email": f"learner{learner}.{index}@example.org",
            "issued_on": timezone.localdate().isoformat(),
            "external_id": f"BATCH-{index}-{learner}",
            "result": storable(text)[:200] if learner else "Pass",
        }
        for learner in range(3)
        for index, (version, text) in enumerate(zip(versions, HOSTILE_TEXTS.values(), strict=True))
    ]
    batch = batch_of(versions[0], institution_staff, rows)

    services.run_batch(batch.pk)

    credentials = [
        award.credential for award in Award.objects.filter(batch=batch).order_by("external_id")
    ]
    assert len(credentials) == len(rows)
    results = run(js_verifier, credentials, provider)
    assert [r["errors"] for r in results if not r["verified"]] == []


def test_every_tampered_copy_fails_and_revocation_shows(
    js_verifier, award, provider, institution_admin
):
    credential = award.credential
    tampered = [
        with_value(credential, path, changed(value))
        for path, value in leaves(credential)
        if path[0] != "@context"
    ]

    results = run(js_verifier, [credential, *tampered], provider)

    assert results[0]["verified"] is True
    accepted = [
        path
        for (path, _value), result in zip(
            [leaf for leaf in leaves(credential) if leaf[0][0] != "@context"],
            results[1:],
            strict=True,
        )
        if result["verified"]
    ]
    assert accepted == []
    services.revoke_award(actor=institution_admin, award=award, reason="Issued in error.")
    assert run(js_verifier, [credential], provider)[0]["revoked"] is True
