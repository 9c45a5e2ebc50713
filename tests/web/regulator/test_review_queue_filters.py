"""The review queue lists what awaits a regulator and narrows it with GET filters."""

from datetime import timedelta

import pytest
from django.utils import timezone

from credentials import checks, services
from credentials.models import MicroCredentialVersion
from frameworks.models import Level
from tests.factories import MicroCredentialVersionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(provider, other_provider, institution_staff, other_staff, regulator):
    """Three versions: one submitted ten days ago at MU-NQF 6 (checks complete), one in review at
    MU-NQF 5 from the other provider (checks running), and a draft that is not waiting."""
    old = MicroCredentialVersionFactory(
        title="Data protection for clinics",
        micro_credential__provider=provider,
        micro_credential__created_by=institution_staff,
    )
    report = services.submit(actor=institution_staff, version=old)
    checks.complete_report(report.pk)
    MicroCredentialVersion.objects.filter(pk=old.pk).update(
        submitted_at=timezone.now() - timedelta(days=10)
    )
    recent = MicroCredentialVersionFactory(
        title="Bookkeeping basics",
        level=Level.objects.get(framework__code="MU-NQF", code="5"),
        micro_credential__provider=other_provider,
        micro_credential__created_by=other_staff,
    )
    services.submit(actor=other_staff, version=recent)
    services.start_review(actor=regulator, version=recent)
    MicroCredentialVersionFactory(
        title="Unsubmitted draft",
        micro_credential__provider=provider,
        micro_credential__created_by=institution_staff,
    )
    return old, recent


def test_the_queue_lists_versions_awaiting_review_with_their_age_and_checks(
    client, regulator, waiting
):
    client.force_login(regulator)

    page = client.get("/review/").text

    assert "Data protection for clinics" in page
    assert "Bookkeeping basics" in page
    assert "Unsubmitted draft" not in page
    assert "University of Port Louis" in page and "Ocean Business College" in page
    assert "<td>10</td>" in page
    assert "Checks running" in page
    assert 'class="badge badge-' in page


def test_filtering_by_provider_shows_only_that_provider(client, regulator, waiting):
    client.force_login(regulator)

    page = client.get("/review/", {"provider": "ocean"}).text

    assert "Bookkeeping basics" in page
    assert "Data protection for clinics" not in page


def test_filtering_by_status_framework_and_level(client, regulator, waiting):
    client.force_login(regulator)

    in_review = client.get("/review/", {"status": "in_review"}).text
    level_6 = client.get("/review/", {"framework": "MU-NQF", "level": "6"}).text
    other_framework = client.get("/review/", {"framework": "EQF"}).text

    assert "Bookkeeping basics" in in_review and "Data protection" not in in_review
    assert "Data protection for clinics" in level_6 and "Bookkeeping" not in level_6
    assert "Nothing is waiting for review with these filters." in other_framework


def test_filtering_by_age_shows_only_older_submissions(client, regulator, waiting):
    client.force_login(regulator)

    page = client.get("/review/", {"age": "7"}).text

    assert "Data protection for clinics" in page
    assert "Bookkeeping basics" not in page


def test_a_bad_filter_value_is_a_form_error_not_a_crash(client, regulator, waiting):
    client.force_login(regulator)

    response = client.get("/review/", {"age": "soon", "provider": "nobody"})

    assert response.status_code == 200
    assert "Enter a whole number." in response.text
    assert "Select a valid choice." in response.text
