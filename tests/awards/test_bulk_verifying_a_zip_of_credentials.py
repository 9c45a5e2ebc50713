"""An admissions office uploads a ZIP of the credential files and certificate PDFs applicants
sent; each file is verified in full (signature, status list, issuer), an altered one is caught."""

import copy
import json

import pytest

from credentials.awards import services
from tests.awards.bulk_files import downloaded_rows, upload, zip_file
from tests.awards.test_verifying_certificate_pdfs import certificate_of

pytestmark = pytest.mark.django_db


def test_each_file_gets_its_verdict(client, issue, published, institution_admin):
    valid = issue(published, external_id="Z-1", learner_name="Aisha Ramdin")
    revoked = issue(published, external_id="Z-2", learner_name="Jean Li")
    services.revoke_award(actor=institution_admin, award=revoked, reason="Issued in error.")
    from_pdf = issue(published, external_id="Z-3", learner_name="Priya Doorgah")
    altered = copy.deepcopy(valid.credential)
    altered["credentialSubject"]["result"][0]["value"] = "High distinction"

    page = upload(
        client,
        zip_file(
            {
                "applicants/aisha.json": json.dumps(valid.credential).encode(),
                "applicants/jean.json": json.dumps(revoked.credential).encode(),
                "applicants/priya.pdf": certificate_of(from_pdf),
                "applicants/forged.json": json.dumps(altered).encode(),
                "applicants/forged.pdf": certificate_of(valid, altered),
                "applicants/notes.txt": b"call back on Monday",
                "applicants/broken.json": b"{not json",
                "__MACOSX/applicants/._aisha.json": b"resource fork",
            }
        ),
    )

    assert page.status_code == 200
    assert "7 of 7 rows verified" in page.text
    assert "Not genuine: the credential was altered" in page.text
    rows = downloaded_rows(client, page)
    assert [(r["file_name"], r["verdict"]) for r in rows] == [
        ("applicants/aisha.json", "valid"),
        ("applicants/jean.json", "revoked"),
        ("applicants/priya.pdf", "valid"),
        ("applicants/forged.json", "tampered"),
        ("applicants/forged.pdf", "tampered"),
        ("applicants/notes.txt", "unreadable"),
        ("applicants/broken.json", "unreadable"),
    ]
    assert rows[2]["learner_name"] == "Priya Doorgah"
    assert rows[0]["micro_credential"] == published.title
    assert "neither a JSON credential nor a certificate PDF" in rows[6]["explanation"]
    for award, times in ((valid, 1), (revoked, 1), (from_pdf, 1)):
        award.refresh_from_db()
        assert award.verification_count == times
