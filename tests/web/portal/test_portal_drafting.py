"""Institution staff create and edit drafts in the portal."""

from decimal import Decimal

import pytest
from django.urls import reverse

from credentials import services
from credentials.models import MicroCredentialVersion, Status


def detail_url(version):
    mc = version.micro_credential
    return reverse("portal:micro_credential", args=[mc.provider.slug, mc.code])


def edit_url(version):
    mc = version.micro_credential
    return reverse("portal:edit", args=[mc.provider.slug, mc.code])


def test_staff_creates_a_draft_with_every_element(staff_client, provider, form_data):
    response = staff_client.post(
        reverse("portal:create", args=[provider.slug]), form_data(), follow=True
    )

    version = MicroCredentialVersion.objects.get()
    assert response.redirect_chain[-1][0] == detail_url(version)
    assert version.status == Status.DRAFT
    assert version.micro_credential.provider == provider
    assert version.learning_outcomes == [
        "Explain the principles of data protection",
        "Draft a privacy notice for a small business",
    ]
    assert version.skills == ["data protection", "privacy notices"]
    assert version.languages == ["en", "fr"]
    assert version.credits == Decimal("6")
    assert version.validity_months == 24
    page = response.content.decode()
    assert "Saved “Data protection for small businesses” as a draft" in page
    for text in (
        "Draft a privacy notice for a small business",
        "MU-NQF 5",
        "Reviewed by the faculty quality committee.",
        "0413 Management and administration",
        "privacy notices",
        "24 months",
        "https://www.example.ac.mu/courses/data-protection",
        "Counts towards the Certificate in Business Law.",
    ):
        assert text in page
    assert ">Draft<" in page


def test_create_form_lists_what_is_missing_and_saves_nothing(staff_client, provider, form_data):
    response = staff_client.post(
        reverse("portal:create", args=[provider.slug]),
        form_data(title="", languages="xx", credits="0"),
    )

    assert response.status_code == 200
    assert not MicroCredentialVersion.objects.exists()
    page = response.content.decode()
    assert "This field is required." in page
    assert "Not ISO 639-1 language codes: xx." in page
    assert "Credits must be more than zero." in page


def test_create_form_labels_every_field(staff_client, provider):
    page = staff_client.get(reverse("portal:create", args=[provider.slug])).content.decode()

    for field in ("title", "learning_outcomes", "level", "credits", "languages", "public_url"):
        assert f'<label for="id_{field}">' in page


def test_staff_edits_a_draft(staff_client, draft, form_data):
    page = staff_client.get(edit_url(draft)).content.decode()
    assert 'name="revision" value="1"' in page

    response = staff_client.post(
        edit_url(draft), form_data(title="Cloud security, revised", revision=1), follow=True
    )

    draft.refresh_from_db()
    assert draft.title == "Cloud security, revised"
    assert draft.revision == 2
    assert "Your changes are saved." in response.content.decode()


def test_stale_edit_form_gets_an_error_and_saves_nothing(
    staff_client, draft, form_data, institution_admin
):
    staff_client.get(edit_url(draft))  # the staff member opens the form at revision 1
    services.update_draft(  # meanwhile the admin saves a change
        actor=institution_admin, version=draft, data={"title": "Admin's title"}
    )

    response = staff_client.post(edit_url(draft), form_data(title="Staff's title", revision=1))

    assert response.status_code == 200
    assert "Somebody else changed this version in the meantime" in response.content.decode()
    draft.refresh_from_db()
    assert draft.title == "Admin's title"
    assert draft.revision == 2


def test_html_in_user_text_is_shown_as_text(staff_client, provider, form_data):
    title = '<script>alert("x")</script><b>Bold</b>'
    staff_client.post(
        reverse("portal:create", args=[provider.slug]),
        form_data(title=title, learning_outcomes="<img src=x onerror=alert(1)>"),
    )
    version = MicroCredentialVersion.objects.get()

    for url in (detail_url(version), reverse("portal:dashboard", args=[provider.slug])):
        page = staff_client.get(url).content.decode()
        assert "<script>alert" not in page
        assert "<b>Bold</b>" not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;Bold&lt;/b&gt;" in page
    assert "<img src=x" not in staff_client.get(detail_url(version)).content.decode()


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.PUBLISHED])
def test_a_version_out_of_drafting_cannot_be_edited(
    staff_client, workflow, status, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        version = workflow.version_in(status)

    response = staff_client.get(edit_url(version), follow=True)

    assert response.redirect_chain[-1][0] == detail_url(version)
    assert "can no longer be edited" in response.content.decode()
    assert ">Edit<" not in response.content.decode()


def test_list_fields_are_not_capped_at_one_items_length(staff_client, provider, form_data):
    page = staff_client.get(reverse("portal:create", args=[provider.slug])).content.decode()
    for name in ("learning_outcomes", "skills", "languages"):
        tag = page.split(f'name="{name}"', 1)[1].split(">", 1)[0]
        assert "maxlength" not in tag

    outcomes = "\n".join(f"Outcome number {n} stated in a full sentence." for n in range(40))
    staff_client.post(
        reverse("portal:create", args=[provider.slug]),
        form_data(learning_outcomes=outcomes, languages="en, fr, de, es"),
    )

    version = MicroCredentialVersion.objects.get()
    assert len(version.learning_outcomes) == 40
    assert version.languages == ["en", "fr", "de", "es"]
