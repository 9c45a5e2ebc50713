"""Uploads for bulk verification are hostile until shown otherwise: a ZIP bomb, a member larger
than any credential, too many files, an encrypted archive or too large a request are refused
with a sentence saying why, before anything is inflated or recorded."""

import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from credentials.awards import bulk_verification
from credentials.awards.models import VerificationBatch
from tests.awards.bulk_files import upload, zip_bytes, zip_file

pytestmark = pytest.mark.django_db

MIB = 1024 * 1024


def refused(client, file) -> str:
    page = upload(client, file)
    assert page.status_code == 400
    assert not VerificationBatch.objects.exists()
    return page.text


def test_a_zip_bomb_is_refused_before_it_is_inflated(client, db):
    bomb = zip_file({"credential.json": b"0" * (4 * MIB)})  # 4 MB of zeros: about 4 KB zipped

    assert "it looks like a ZIP bomb" in refused(client, bomb)


def test_a_file_larger_than_any_credential_is_refused(client, db):
    huge = zip_file({"ok.json": b"{}", "certificate.pdf": b"%PDF-1.7" + b" " * (6 * MIB)})

    assert "certificate.pdf inflates to more than 5 MB" in refused(client, huge)


def test_an_archive_inflating_past_the_limit_is_refused(client, db, monkeypatch):
    monkeypatch.setattr(bulk_verification, "MAX_INFLATED", 1 * MIB)
    members = {f"c{n}.json": bytes(range(256)) * 1024 for n in range(5)}  # 256 KB each

    assert "inflates to more than 1 MB" in refused(client, zip_file(members))


def test_more_files_than_allowed_are_refused(client, db):
    members = {f"credential-{n}.json": b"{}" for n in range(1001)}

    assert "holds 1001 files; at most 1000" in refused(client, zip_file(members))


def test_an_encrypted_archive_is_refused(client, db):
    data = bytearray(zip_bytes({"credential.json": b"{}"}, compression=zipfile.ZIP_STORED))
    # Set the "encrypted" flag in the local header and the central directory.
    data[6] |= 1
    central = data.rfind(b"PK\x01\x02")
    data[central + 8] |= 1

    assert "encrypted" in refused(client, SimpleUploadedFile("c.zip", bytes(data)))


def test_a_damaged_zip_is_refused(client, db):
    assert "not a valid ZIP archive" in refused(
        client, SimpleUploadedFile("c.zip", b"PK\x03\x04 this is not really a zip")
    )


def test_an_empty_archive_is_refused(client, db):
    assert "holds no files" in refused(client, zip_file({"folder/": b""}))


def test_a_request_over_the_limit_is_refused_unread(client, db):
    big = SimpleUploadedFile("codes.csv", b"A" * (bulk_verification.MAX_REQUEST_BYTES + 1))

    response = client.post("/verify/bulk/", {"file": big})

    assert response.status_code == 413
    assert not VerificationBatch.objects.exists()


def test_a_hostile_file_in_the_archive_is_only_that_rows_verdict(client, award):
    import json

    page = upload(
        client,
        zip_file(
            {
                "deep.json": b"[" * 100_000 + b"]" * 100_000,
                "odd.json": json.dumps({"issuer": award.credential["issuer"], "proof": 7}).encode(),
                "good.json": json.dumps(award.credential).encode(),
            }
        ),
    )

    assert page.status_code == 200
    assert "3 of 3 rows verified" in page.text
    assert "✔ Valid" in page.text
