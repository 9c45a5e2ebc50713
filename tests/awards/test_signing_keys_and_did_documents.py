"""Providers' signing keys: created when a provider becomes registered, encrypted at rest,
rotatable with old keys still verifying, published in a DID document at
/providers/<slug>/did.json."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from credentials.awards import keyring, services
from credentials.awards.models import SigningKey
from credentials.signing import did_web, eddsa, keys
from registry.providers.models import Provider
from registry.providers.services import approve_application, reinstate_provider, suspend_provider
from tests.factories import ProviderFactory

pytestmark = pytest.mark.django_db


def test_an_approved_application_gets_a_signing_key(reference_data, regulator):
    applicant = ProviderFactory(
        status=Provider.Status.APPLIED, registered_at=None, applicant_email="dean@example.org"
    )
    assert not SigningKey.objects.filter(provider=applicant).exists()
    approve_application(actor=regulator, provider=applicant)
    key = SigningKey.objects.get(provider=applicant)
    assert key.encrypted_private_key.startswith("v1.")
    assert key.public_key_multibase.startswith("z6Mk")


def test_existing_providers_get_keys_from_the_command(provider):
    call_command("ensure_signing_keys", stdout=StringIO())
    assert SigningKey.objects.filter(provider=provider, retired_at__isnull=True).count() == 1
    call_command("ensure_signing_keys", stdout=StringIO())
    assert SigningKey.objects.filter(provider=provider).count() == 1


def test_the_private_key_is_encrypted_with_the_configured_kek(provider):
    key = keyring.current_key(provider)
    private = keys.decrypt_private_key(key.encrypted_private_key, keyring.key_ring())
    assert keys.public_key_multibase(private.public_key()) == key.public_key_multibase


def test_rotation_keeps_old_awards_verifying(issue, published, provider, client):
    old_award = issue(published, external_id="OLD")
    old_key = keyring.current_key(provider)
    services.rotate_signing_key(actor=None, provider=provider)
    new_award = issue(published, external_id="NEW")
    assert new_award.signing_key_id != old_key.pk
    document = json.loads(client.get(f"/providers/{provider.slug}/did.json").content)
    resolver = did_web.assertion_key_resolver([document])
    assert eddsa.verify_credential(old_award.credential, resolver).valid
    assert eddsa.verify_credential(new_award.credential, resolver).valid
    assert len(document["verificationMethod"]) == 2
    assert document["authentication"] == [
        did_web.verification_method_id(document["id"], new_award.signing_key.fragment)
    ]


def test_a_suspended_provider_keeps_its_did_document(provider, regulator, client):
    keyring.current_key(provider)
    suspend_provider(actor=regulator, provider=provider, reason="Review.")
    assert client.get(f"/providers/{provider.slug}/did.json").status_code == 200
    reinstate_provider(actor=regulator, provider=provider, reason="Review closed.")
    assert SigningKey.objects.filter(provider=provider).count() == 1


def test_an_application_has_no_did_document(reference_data, client):
    applicant = ProviderFactory(status=Provider.Status.APPLIED, registered_at=None)
    assert client.get(f"/providers/{applicant.slug}/did.json").status_code == 404
