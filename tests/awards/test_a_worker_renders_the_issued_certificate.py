"""End to end with a real Celery worker: an award issued (and committed) has its certificate
rendered from the `certificates` queue, stored under its code and recorded on the award."""

import time

import pytest

from credentials.awards.models import Award
from tests.awards.conftest import stored_files

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_worker_stores_the_certificate_of_an_issued_award(
    issue, published, certificate_folder, celery_worker
):
    award = issue(published)

    deadline = time.monotonic() + 120  # a bound on waiting, not a speed check
    while (
        not Award.objects.filter(pk=award.pk).exclude(certificate_name="").exists()
        and time.monotonic() < deadline
    ):
        time.sleep(0.2)

    award.refresh_from_db()
    assert award.certificate_state == "ready"
    assert award.certificate_requested_at is None
    assert stored_files(certificate_folder) == [f"certificates/{award.verification_code}.pdf"]
