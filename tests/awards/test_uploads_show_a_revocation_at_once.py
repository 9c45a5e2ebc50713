"""The full verification of an upload keeps the issuer's status list in the process for a few
seconds (it reads one row, the award, per credential), yet a revocation made since shows at
once: the award's own record says so, and the list is then read again."""

import pytest

from credentials.awards import services, verification

pytestmark = pytest.mark.django_db


def test_a_revocation_shows_at_once_though_the_list_is_kept(award, institution_admin, settings):
    settings.VERDICT_FACTS_SECONDS = 600
    assert verification.verify_document(award.credential).outcome == "valid"  # the list kept

    services.revoke_award(actor=institution_admin, award=award, reason="Issued in error.")
    verdict = verification.verify_document(award.credential)

    assert verdict.outcome == "revoked"
    assert verdict.revocation_reason == "Issued in error."


def test_a_kept_list_leaves_one_query_per_upload(award, settings, django_assert_num_queries):
    settings.VERDICT_FACTS_SECONDS = 600
    verification.verify_document(award.credential)

    with django_assert_num_queries(1):
        assert verification.verify_document(award.credential).outcome == "valid"
