"""A suspended or deregistered provider cannot draft, import or submit micro-credentials, in the
services, the bulk import and the portal; it may still withdraw what it published."""

import pytest
from django.urls import reverse

from credentials import bulk_import, services
from credentials.models import MicroCredential, Status
from registry.core.errors import InvalidTransition
from registry.providers import services as provider_services
from tests.credentials.api.conftest import payload
from tests.web.portal.conftest import form_data  # noqa: F401 - a fixture

REFUSAL = "cannot draft, import or submit micro-credentials while it is not registered"


@pytest.fixture(params=["suspend", "deregister"])
def inactive(request, workflow, regulator, django_capture_on_commit_callbacks):
    """The provider's draft and published versions, then the provider suspended or deregistered."""
    draft = workflow.version_in(Status.DRAFT)
    published = workflow.version_in(Status.PUBLISHED)
    action = getattr(provider_services, f"{request.param}_provider")
    with django_capture_on_commit_callbacks(execute=False):
        action(actor=regulator, provider=workflow.provider, reason="Quality audit.")
    workflow.provider.refresh_from_db()
    return draft, published


def test_the_services_refuse_every_drafting_move(inactive, provider, institution_staff):
    draft, published = inactive
    moves = [
        lambda: services.create_micro_credential(
            actor=institution_staff, provider=provider, data={"title": "New"}
        ),
        lambda: services.update_draft(actor=institution_staff, version=draft, data={"title": "X"}),
        lambda: services.submit(actor=institution_staff, version=draft),
        lambda: services.start_new_version(
            actor=institution_staff, micro_credential=published.micro_credential
        ),
    ]
    for move in moves:
        with pytest.raises(InvalidTransition, match=REFUSAL):
            move()
    draft.refresh_from_db()
    assert (draft.title, draft.status) != ("X", Status.SUBMITTED)


def test_the_bulk_import_refuses_before_reading_the_rows(inactive, provider, institution_staff):
    rows = bulk_import.rows_from_records([payload()])

    with pytest.raises(InvalidTransition, match=REFUSAL):
        bulk_import.import_micro_credentials(
            actor=institution_staff, provider=provider, rows=rows, submit=True
        )


def test_withdrawing_stays_possible(inactive, institution_staff):
    _draft, published = inactive

    services.withdraw(actor=institution_staff, version=published, reason="Discontinued.")

    published.refresh_from_db()
    assert published.status == Status.WITHDRAWN


def test_the_portal_shows_why_and_hides_the_buttons(
    inactive,
    client,
    provider,
    institution_staff,
    form_data,  # noqa: F811 - the portal's fixture, imported above
):
    draft, _published = inactive
    client.force_login(institution_staff)

    dashboard = client.get(reverse("portal:dashboard", args=[provider.slug])).text
    created = client.post(reverse("portal:create", args=[provider.slug]), form_data()).text
    submitted = client.post(
        reverse("portal:submit", args=[provider.slug, draft.micro_credential.code]), follow=True
    ).text

    status = provider.get_status_display().lower()
    assert f"This provider is {status}: it cannot draft, import or submit" in dashboard
    assert reverse("portal:create", args=[provider.slug]) not in dashboard
    assert reverse("portal:import", args=[provider.slug]) not in dashboard
    assert REFUSAL in submitted
    assert MicroCredential.objects.filter(provider=provider).count() == 2
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert REFUSAL in created
