"""Revoking: institution admins only, with a reason, audited; the award's bit is set in the
status list, whose credential is re-signed at once."""

import pytest
from django.core.exceptions import ValidationError

from credentials.awards import keyring, services
from credentials.signing import did_web, eddsa, status_list
from registry.audit.models import AuditEvent
from registry.core.errors import InvalidTransition, NotAllowed

pytestmark = pytest.mark.django_db


def test_revoking_sets_the_bit_and_re_signs_the_status_list(award, institution_admin):
    services.revoke_award(actor=institution_admin, award=award, reason="Academic misconduct.")
    award.refresh_from_db()
    award.status_list.refresh_from_db()
    listed = award.status_list.credential
    resolver = did_web.assertion_key_resolver([keyring.did_document(award.provider)])
    assert eddsa.verify_credential(listed, resolver).valid
    assert status_list.entry_status(award.credential["credentialStatus"], listed).set
    assert award.revoked_at is not None and award.revocation_reason == "Academic misconduct."
    event = AuditEvent.objects.get(action="award.revoked", object_id=str(award.pk))
    assert event.comment == "Academic misconduct."


def test_other_awards_stay_unrevoked(issue, published, institution_admin):
    first = issue(published, external_id="A-1")
    second = issue(published, external_id="A-2")
    services.revoke_award(actor=institution_admin, award=first, reason="Issued in error.")
    second.status_list.refresh_from_db()
    entry = second.credential["credentialStatus"]
    assert not status_list.entry_status(entry, second.status_list.credential).set


def test_staff_cannot_revoke(award, institution_staff):
    with pytest.raises(NotAllowed, match="Only institution admins"):
        services.revoke_award(actor=institution_staff, award=award, reason="No.")


def test_a_reason_is_required(award, institution_admin):
    with pytest.raises(ValidationError):
        services.revoke_award(actor=institution_admin, award=award, reason="  ")


def test_revoking_twice_is_refused(award, institution_admin):
    services.revoke_award(actor=institution_admin, award=award, reason="Issued in error.")
    with pytest.raises(InvalidTransition, match="already revoked"):
        services.revoke_award(actor=institution_admin, award=award, reason="Again.")
