"""Verification by code is the registry's busiest answer: one query of one table reads the award
(its micro-credential and provider are kept in the process for VERDICT_FACTS_SECONDS), and the
count of verifications costs no write transaction (it is gathered in Redis and added to the award
by a periodic flush)."""

import pytest

from credentials.awards import services
from credentials.awards.models import Award
from registry.providers.services import suspend_provider

pytestmark = pytest.mark.django_db


def test_the_api_verdict_by_code_is_one_query(client, award, django_assert_num_queries):
    client.get(f"/api/v1/verify/{award.verification_code}/")  # warms the scope cache
    with django_assert_num_queries(1):
        answer = client.get(f"/api/v1/verify/{award.verification_code}/")
    verdict = answer.json()
    assert verdict["verdict"] == "valid"
    assert verdict["award"]["micro_credential"]["title"] == award.version.title
    assert verdict["award"]["provider"]["name"] == award.provider.display_name


def test_the_verdict_page_by_code_is_one_query(client, award, django_assert_num_queries):
    client.get(f"/verify/{award.verification_code}")
    with django_assert_num_queries(1):
        page = client.get(f"/verify/{award.verification_code}").content.decode()
    assert "Valid" in page and award.version.title in page and award.learner_name in page


def test_verifications_counted_in_redis_reach_the_award_when_flushed(client, award):
    for _ in range(3):
        client.get(f"/api/v1/verify/{award.verification_code}/")
    award.refresh_from_db()
    assert award.verification_count == 0  # gathered, not yet added

    assert services.flush_verification_counts() == 1
    award.refresh_from_db()
    assert award.verification_count == 3

    assert services.flush_verification_counts() == 0  # nothing counted twice
    award.refresh_from_db()
    assert award.verification_count == 3


def test_a_flush_that_failed_is_finished_by_the_next(client, award, monkeypatch):
    client.get(f"/api/v1/verify/{award.verification_code}/")

    def database_down(counts):
        raise RuntimeError("PostgreSQL stopped")

    monkeypatch.setattr(services, "add_verification_counts", database_down)
    with pytest.raises(RuntimeError):
        services.flush_verification_counts()
    monkeypatch.undo()
    client.get(f"/api/v1/verify/{award.verification_code}/")  # counted while the first waits

    services.flush_verification_counts()  # the aside counts from the failed flush
    services.flush_verification_counts()  # the new one
    assert Award.objects.get(pk=award.pk).verification_count == 2


def test_a_revocation_shows_at_once_and_a_suspension_within_the_facts_time(
    client, award, institution_admin, regulator, settings
):
    settings.VERDICT_FACTS_SECONDS = 0
    assert client.get(f"/api/v1/verify/{award.verification_code}/").json()["warnings"] == []
    suspend_provider(actor=regulator, provider=award.provider, reason="Audit.")
    verdict = client.get(f"/api/v1/verify/{award.verification_code}/").json()
    assert verdict["verdict"] == "valid" and "suspended" in " ".join(verdict["warnings"])

    settings.VERDICT_FACTS_SECONDS = 10
    services.revoke_award(actor=institution_admin, award=award, reason="Issued in error.")
    assert client.get(f"/api/v1/verify/{award.verification_code}/").json()["verdict"] == "revoked"
