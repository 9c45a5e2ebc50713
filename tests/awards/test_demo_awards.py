"""The demo register has awards in every state (valid, revoked, expired), issued and signed
through the services, that verify on /verify/ and in Digital Bazaar's verifier."""

import shutil

import pytest
from django.utils import timezone

from credentials.awards import keyring
from credentials.awards.models import Award
from demo.seed import seed_demo
from tests.credentials.signing.js_harness import JsVerifier, install_problem

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(reference_data):
    seed_demo()


def test_demo_awards_exist_in_every_state_and_seeding_again_adds_none(seeded):
    awards = list(Award.objects.all())
    states = {award.state for award in awards}
    assert states == {"valid", "revoked", "expired"}
    seed_demo()
    assert Award.objects.count() == len(awards)


def test_a_demo_code_is_valid_on_the_verify_page(seeded, client):
    award = next(a for a in Award.objects.order_by("pk") if a.state == "valid")
    page = client.get(f"/verify/{award.verification_code}").text
    assert "Valid" in page and award.learner_name in page
    revoked = next(a for a in Award.objects.order_by("pk") if a.state == "revoked")
    assert "Revoked" in client.get(f"/verify/{revoked.verification_code}").text


def test_demo_credentials_verify_in_the_independent_verifier(seeded):
    problem = install_problem()
    if problem:
        pytest.skip(problem)
    awards = list(Award.objects.select_related("provider", "status_list").order_by("pk"))
    providers = {award.provider for award in awards}
    results = JsVerifier(shutil.which("node")).run(
        credentials=[award.credential for award in awards],
        did_documents=[keyring.did_document(provider) for provider in providers],
        status_list_credentials=list(
            {a.status_list_id: a.status_list.credential for a in awards}.values()
        ),
        now=timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
    )["results"]
    by_state = {}
    for award, result in zip(awards, results, strict=True):
        by_state.setdefault(award.state, set()).add((result["verified"], result.get("revoked")))
    assert by_state["valid"] == {(True, False)}
    assert by_state["revoked"] == {(True, True)}
