"""An organisation applies on the public form; a regulator approves (the applicant becomes the
institution admin and gets a set-password link) or declines."""

import re

import pytest
from django.http import HttpRequest

from registry.accounts.models import Membership, User
from registry.audit.models import AuditEvent
from registry.providers.models import Provider
from tests.factories import ProviderFactory

pytestmark = pytest.mark.django_db

APPLICATION = {
    "legal_name": "Lagoon Institute of Technology Ltd",
    "trading_name": "Lagoon Tech",
    "registration_number": "C0712345",
    "provider_type": "private_hei",
    "country": "mu",
    "website": "https://lagoon.example.org",
    "contact_email": "registry@lagoon.example.org",
    "applicant_name": "Asha Ramdin",
    "applicant_email": "asha@lagoon.example.org",
}


def apply(client, **changes):
    return client.post("/providers/apply/", {**APPLICATION, **changes}, follow=True)


def test_the_application_form_has_a_label_for_every_field(client, db):
    page = client.get("/providers/apply/").text

    for name in APPLICATION:
        assert f'for="id_{name}"' in page


def test_applying_files_an_application_that_the_regulator_will_review(
    client, sent_mail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = apply(client)

    provider = Provider.objects.get(registration_number="C0712345")
    assert "The regulator will review your application" in response.text
    assert provider.status == Provider.Status.APPLIED
    assert provider.country == "MU"
    assert provider.slug == "lagoon-tech"
    event = AuditEvent.objects.for_object(provider).get(action="provider.applied")
    assert event.actor is None and event.actor_label == "system"
    assert sent_mail()[0].to == ["asha@lagoon.example.org"]
    assert client.get(f"/providers/{provider.slug}/").status_code == 404


def test_a_known_registration_number_gets_the_same_answer_and_the_applicant_an_email(
    client, sent_mail, django_capture_on_commit_callbacks
):
    ProviderFactory(country="MU", registration_number="C0712345")

    with django_capture_on_commit_callbacks(execute=True):
        known = apply(client, legal_name="Someone Else Ltd")
        new = apply(client, legal_name="Another Ltd", registration_number="C0799999")

    assert known.redirect_chain == new.redirect_chain == [("/providers/apply/received/", 302)]
    assert known.status_code == new.status_code == 200
    assert "already" not in known.text
    assert Provider.objects.filter(registration_number="C0712345").count() == 1
    assert not Provider.objects.filter(legal_name="Someone Else Ltd").exists()
    told, received = sent_mail()
    assert told.to == ["asha@lagoon.example.org"]
    assert "Someone Else Ltd" in told.subject
    assert "a provider from MU with the registration number C0712345 is already" in told.body
    assert received.subject == "Application received: Another Ltd"


def test_missing_applicant_details_are_form_errors(client, db):
    response = apply(client, applicant_email="", country="M1")

    assert response.status_code == 400
    assert "This field is required." in response.text
    assert "two-letter ISO 3166-1 country code" in response.text
    assert not Provider.objects.exists()


def test_applications_are_listed_first_for_the_regulator(client, regulator, provider):
    apply(client)
    client.force_login(regulator)

    page = client.get("/review/providers/").text

    applications = page.split('id="applications-heading"')[1].split("</section>")[0]
    assert "Lagoon Institute of Technology Ltd" in applications
    assert "asha@lagoon.example.org" in applications
    assert "University of Port Louis" not in applications


def test_approving_creates_the_institution_admin_and_emails_a_set_password_link(
    client, regulator, sent_mail, django_capture_on_commit_callbacks
):
    apply(client)
    provider = Provider.objects.get(registration_number="C0712345")
    client.force_login(regulator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/review/providers/{provider.slug}/approve/",
            {"approve-comment": "Welcome to the register."},
            follow=True,
        )

    provider.refresh_from_db()
    assert provider.status == Provider.Status.REGISTERED
    assert provider.registered_at is not None
    assert "Application approved" in response.text
    user = User.objects.get(email="asha@lagoon.example.org")
    assert not user.has_usable_password()
    assert user.first_name == "Asha" and user.last_name == "Ramdin"
    assert Membership.objects.get(user=user, provider=provider).role == Membership.Role.ADMIN
    [message] = [m for m in sent_mail() if "choose your password" in m.subject]
    assert message.to == ["asha@lagoon.example.org"]
    link = re.search(r"http://\S+/accounts/reset/\S+/", message.body).group(0)

    client.logout()
    path = link.split("127.0.0.1:8000", 1)[1] if "127.0.0.1:8000" in link else link
    form = client.get(path, follow=True)
    assert "Choose your password" in form.text
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else path,
        {
            "new_password1": "lagoon-harbour-sunrise-42",
            "new_password2": "lagoon-harbour-sunrise-42",
        },
        follow=True,
    )
    assert "Password saved" in done.text
    assert client.login(
        request=HttpRequest(), username=user.username, password="lagoon-harbour-sunrise-42"
    )


def test_declining_needs_a_reason_and_tells_the_applicant(
    client, regulator, sent_mail, django_capture_on_commit_callbacks
):
    apply(client)
    provider = Provider.objects.get(registration_number="C0712345")
    client.force_login(regulator)

    empty = client.post(f"/review/providers/{provider.slug}/decline/", {"decline-reason": ""})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/review/providers/{provider.slug}/decline/",
            {"decline-reason": "No evidence of quality assurance arrangements."},
        )

    assert empty.status_code == 400 and "This field is required." in empty.text
    provider.refresh_from_db()
    assert provider.status == Provider.Status.DECLINED
    assert provider.status_reason == "No evidence of quality assurance arrangements."
    assert not User.objects.filter(email="asha@lagoon.example.org").exists()
    received, message = sent_mail()
    assert "Application received" in received.subject
    assert "No evidence of quality assurance arrangements." in message.body
    assert "asha@lagoon.example.org" in message.to


def test_approving_a_declined_application_shows_an_error(client, regulator):
    provider = ProviderFactory(status=Provider.Status.DECLINED, applicant_email="a@example.org")
    client.force_login(regulator)

    response = client.post(f"/review/providers/{provider.slug}/approve/", follow=True)

    provider.refresh_from_db()
    assert provider.status == Provider.Status.DECLINED
    assert "A provider whose status is declined cannot become registered." in response.text


def test_approving_an_application_that_names_a_regulators_email_is_refused(client, regulator):
    provider = ProviderFactory(
        status=Provider.Status.APPLIED, applicant_email=regulator.email.upper()
    )
    client.force_login(regulator)

    response = client.post(f"/review/providers/{provider.slug}/approve/", follow=True)

    provider.refresh_from_db()
    assert provider.status == Provider.Status.APPLIED
    assert not Membership.objects.filter(user=regulator).exists()
    assert (
        f"The applicant email {regulator.email.upper()} belongs to a regulator officer"
        in response.text
    )
