"""A provider's public page: status, scope and published micro-credentials; applications stay
private."""

import pytest

from credentials.models import Status
from registry.providers.models import Provider
from tests.factories import ProviderFactory

pytestmark = pytest.mark.django_db


def test_the_provider_page_shows_scope_and_published_micro_credentials(client, workflow):
    published = workflow.version_in(Status.PUBLISHED, title="Cloud security fundamentals")
    workflow.version_in(Status.SUBMITTED, title="Not yet public")

    page = client.get("/providers/uopl/").text

    assert "University of Port Louis" in page
    assert "Registered" in page
    assert "Accredited by a statutory body" in page
    assert "06 " in page
    assert f'href="/micro-credentials/{published.micro_credential.code}/"' in page
    assert "Not yet public" not in page


@pytest.mark.parametrize("status", [Provider.Status.APPLIED, Provider.Status.DECLINED])
def test_applications_have_no_public_page(client, reference_data, status):
    applicant = ProviderFactory(status=status)

    assert client.get(f"/providers/{applicant.slug}/").status_code == 404


def test_an_unknown_provider_is_404(client, db):
    assert client.get("/providers/nobody/").status_code == 404
