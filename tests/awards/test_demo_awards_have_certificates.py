"""`make run`'s demo awards have their certificate PDFs (rendered by `seed_demo` itself, so the
demo shows them without a worker), and seeding again renders nothing twice."""

import pytest
from django.core.management import call_command

from credentials.awards.models import Award
from credentials.certificates.extraction import extract_credential
from tests.awards.conftest import stored_files

pytestmark = pytest.mark.django_db


def test_every_demo_award_has_its_certificate(reference_data, certificate_folder, settings):
    settings.DEBUG = True
    call_command("seed_demo")

    awards = list(Award.objects.order_by("pk"))
    assert awards and {award.certificate_state for award in awards} == {"ready"}
    assert stored_files(certificate_folder) == sorted(a.certificate_name for a in awards)
    revoked = next(a for a in awards if a.state == "revoked")
    pdf = (certificate_folder / revoked.certificate_name).read_bytes()
    assert extract_credential(pdf) == revoked.credential
    before = {
        name: (certificate_folder / name).stat().st_mtime_ns
        for name in stored_files(certificate_folder)
    }

    call_command("seed_demo")

    after = {
        name: (certificate_folder / name).stat().st_mtime_ns
        for name in stored_files(certificate_folder)
    }
    assert after == before
