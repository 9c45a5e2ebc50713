"""Published micro-credentials: withdrawing them and starting new versions."""

import pytest
from django.urls import reverse

from credentials.models import MicroCredentialVersion, Status


def url(name, version):
    mc = version.micro_credential
    return reverse(f"portal:{name}", args=[mc.provider.slug, mc.code])


@pytest.fixture
def published(workflow, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        return workflow.version_in(Status.PUBLISHED, title="Cloud security fundamentals")


def test_a_published_version_offers_withdraw_and_new_version(staff_client, published):
    page = staff_client.get(url("micro_credential", published)).content.decode()

    assert '<span class="badge badge-ok">Published</span>' in page
    assert "Withdraw version 1 from the register" in page
    assert '<label for="id_reason">' in page
    assert "Start a new version" in page
    assert url("edit", published) not in page
    assert "Submit for review" not in page


def test_withdrawing_with_a_reason(staff_client, published):
    response = staff_client.post(
        url("withdraw", published), {"reason": "No longer offered from 2026."}, follow=True
    )

    published.refresh_from_db()
    assert published.status == Status.WITHDRAWN
    assert published.status_reason == "No longer offered from 2026."
    page = response.content.decode()
    assert "Withdrawn from the register." in page
    assert '<span class="badge badge-fail">Withdrawn</span>' in page
    assert "No longer offered from 2026." in page
    assert "Start a new version" not in page


def test_withdrawing_needs_a_reason(staff_client, published):
    response = staff_client.post(url("withdraw", published), {"reason": "  "}, follow=True)

    published.refresh_from_db()
    assert published.status == Status.PUBLISHED
    assert "Give a reason for withdrawing" in response.content.decode()


def test_withdrawing_a_draft_is_refused_with_a_message(staff_client, draft):
    response = staff_client.post(url("withdraw", draft), {"reason": "Oops"}, follow=True)

    assert "Only a published micro-credential can be withdrawn." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_a_new_version_leaves_the_published_one_unchanged(staff_client, published, form_data):
    response = staff_client.post(url("new_version", published), follow=True)

    assert response.redirect_chain[-1][0] == url("edit", published)
    assert "Started version 2 as a draft." in response.content.decode()
    new = MicroCredentialVersion.objects.get(micro_credential=published.micro_credential, number=2)
    assert new.status == Status.DRAFT
    assert new.title == published.title

    staff_client.post(
        url("edit", published),
        form_data(title="Cloud security fundamentals (2026)", revision=new.revision),
    )

    new.refresh_from_db()
    published.refresh_from_db()
    assert new.title == "Cloud security fundamentals (2026)"
    assert published.title == "Cloud security fundamentals"
    assert published.status == Status.PUBLISHED
    assert published.micro_credential.published_version_id == published.pk
    page = staff_client.get(url("micro_credential", published)).content.decode()
    assert "Cloud security fundamentals (2026)" in page
    assert "The public sees version 1 (Published) until this one is approved." in page
    # The published version can still be withdrawn, but no second new version started.
    assert "Withdraw version 1 from the register" in page
    assert "Start a new version" not in page


def test_a_second_open_version_is_refused_with_a_message(staff_client, published):
    staff_client.post(url("new_version", published))
    response = staff_client.post(url("new_version", published), follow=True)

    assert "already has a version in progress" in response.content.decode()
    assert published.micro_credential.versions.count() == 2


def test_a_new_version_of_a_draft_is_refused_with_a_message(staff_client, draft):
    response = staff_client.post(url("new_version", draft), follow=True)

    assert response.status_code == 200
    assert "This micro-credential already has a version in progress" in (response.content.decode())


def test_every_version_is_listed(staff_client, published):
    staff_client.post(url("new_version", published))

    page = staff_client.get(url("micro_credential", published)).content.decode()

    assert page.count('<th scope="row">1</th>') == 1
    assert page.count('<th scope="row">2</th>') == 1
