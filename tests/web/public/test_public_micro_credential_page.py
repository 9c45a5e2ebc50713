"""The public record of a micro-credential: every element, its history, and banners."""

import pytest

from credentials import services
from credentials.models import Status

pytestmark = pytest.mark.django_db


def test_the_record_shows_every_element(client, workflow):
    version = workflow.version_in(Status.PUBLISHED, prerequisites="Basic networking.")

    page = client.get(f"/micro-credentials/{version.micro_credential.code}/").text

    assert version.title in page
    assert "<li>Configure identity and access management for a cloud account</li>" in page
    assert 'href="/frameworks/MU-NQF/levels/6/"' in page
    assert version.level.framework.short_name in page
    assert "12 credits (MU-HE-CREDIT)" in page and version.credit_system.name in page
    assert "120 hours" in page
    assert "Project or assignment" in page
    assert "Online, guided (scheduled)" in page
    assert "external examiner" in page
    assert "Accredited by a statutory body" in page
    assert "0613" in page
    assert "<li>cloud security</li>" in page
    assert "EN" in page
    assert "Basic networking." in page
    assert "Awards do not expire" in page
    assert 'href="/providers/uopl/"' in page


def test_the_record_shows_the_optional_elements_too(client, workflow):
    version = workflow.version_in(
        Status.PUBLISHED,
        kind="short_course",
        stackability="Counts towards the Diploma in Cyber Security.",
        validity_months=36,
        public_url="https://uopl.example.mu/cloud-security",
    )

    page = client.get(f"/micro-credentials/{version.micro_credential.code}/").text

    assert "Secure cloud workloads for small organisations." in page
    assert "Short course" in page
    assert "A graded project securing a sample deployment." in page
    assert "Counts towards the Diploma in Cyber Security." in page
    assert "36 months" in page
    assert 'href="https://uopl.example.mu/cloud-security"' in page
    assert "(MU)" in page  # country of the awarding body


def test_the_record_shows_the_provider_status_and_scope(client, workflow):
    version = workflow.version_in(Status.PUBLISHED)

    page = client.get(f"/micro-credentials/{version.micro_credential.code}/").text
    provider_section = page.split('id="provider-heading"')[1].split("</section>")[0]

    assert '<span class="badge badge-ok">Registered</span>' in provider_section
    assert "Mauritius National Qualifications Framework" in provider_section
    assert "0613" not in provider_section and "06 Information" in provider_section


def test_the_record_lists_published_versions(client, workflow, institution_staff, regulator):
    first = workflow.version_in(Status.PUBLISHED)
    second = services.start_new_version(
        actor=institution_staff, micro_credential=first.micro_credential
    )
    services.update_draft(
        actor=institution_staff, version=second, data={"title": "Cloud security II"}
    )
    services.submit(actor=institution_staff, version=second)
    services.approve(actor=regulator, version=second, comment="Fine.")

    page = client.get(f"/micro-credentials/{first.micro_credential.code}/").text

    assert "<h1>Cloud security II</h1>" in page
    history = page.split('id="history-heading"')[1]
    assert "Superseded by a newer version" in history and first.title in history
    assert "Title" in history.split("<td>2</td>")[1].split("</tr>")[0]  # what v2 changed
    assert "First published version" in history


def test_a_never_published_micro_credential_is_404(client, workflow):
    version = workflow.version_in(Status.IN_REVIEW)

    assert client.get(f"/micro-credentials/{version.micro_credential.code}/").status_code == 404
    assert client.get("/micro-credentials/MC-NOPE/").status_code == 404


def test_a_withdrawn_micro_credential_says_so(client, workflow):
    version = workflow.version_in(Status.WITHDRAWN)

    page = client.get(f"/micro-credentials/{version.micro_credential.code}/").text

    assert "withdrawn by its provider: Course discontinued." in page


def test_user_text_is_escaped(client, workflow):
    version = workflow.version_in(
        Status.PUBLISHED, learning_outcomes=["<img src=x onerror=alert(1)> Analyse logs"]
    )

    page = client.get(f"/micro-credentials/{version.micro_credential.code}/").text

    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt; Analyse logs" in page


def test_a_suspended_providers_micro_credentials_carry_a_banner(
    client, regulator, provider, workflow
):
    version = workflow.version_in(Status.PUBLISHED)
    client.force_login(regulator)
    client.post(
        f"/review/providers/{provider.slug}/suspend/",
        {"suspend-reason": "Accreditation lapsed.", "suspend-effective_date": "2025-04-01"},
    )
    client.logout()

    page = client.get(f"/micro-credentials/{version.micro_credential.code}/").text

    assert "has been suspended by the regulator: Accreditation lapsed." in page
