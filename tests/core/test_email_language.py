"""E-mails are written in the language of the page that caused them (the registry keeps no
language preference per person): an organisation that applies in French hears back in French,
and English stays the default."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

APPLICATION = {
    "legal_name": "Institut du Lagon Ltée",
    "registration_number": "C0799999",
    "provider_type": "private_hei",
    "country": "MU",
    "contact_email": "registre@lagon.example.org",
    "applicant_name": "Marie-Claire Labonté",
    "applicant_email": "mc@lagon.example.org",
}


def apply(client, capture):
    with capture(execute=True):
        response = client.post("/providers/apply/", APPLICATION, follow=True)
    assert response.status_code == 200
    return response


def test_an_application_made_in_french_is_acknowledged_in_french(
    client, sent_mail, django_capture_on_commit_callbacks
):
    client.post(reverse("set_language"), {"language": "fr", "next": "/providers/apply/"})

    page = apply(client, django_capture_on_commit_callbacks)

    assert "Demande reçue" in page.text
    (message,) = sent_mail()
    assert message.subject == "Candidature reçue\u00a0: Institut du Lagon Ltée"
    assert message.body.startswith("Bonjour Marie-Claire Labonté,")
    assert "Nous avons bien reçu la demande d'enregistrement de Institut du Lagon Ltée" in (
        message.body
    )
    assert "Registre national des microcertifications" in message.body


def test_an_application_made_in_english_is_acknowledged_in_english(
    client, sent_mail, django_capture_on_commit_callbacks
):
    apply(client, django_capture_on_commit_callbacks)

    (message,) = sent_mail()
    assert message.subject == "Application received: Institut du Lagon Ltée"
    assert message.body.startswith("Dear Marie-Claire Labonté,")
    assert "National micro-credential registry" in message.body
