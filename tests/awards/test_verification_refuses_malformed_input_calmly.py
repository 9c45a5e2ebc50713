"""Whatever is typed or uploaded, verification answers with a verdict or a sentence, never an
error page: a NUL byte or junk in a code, JSON nested deeper than any credential."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["7K3Q9%00X2MHP", "%00", "x" * 300, "7K3Q9-X2MHP-4RT8W-ZC5N%00"])
def test_a_code_with_nul_bytes_or_junk_is_not_in_the_register(client, code):
    page = client.get(f"/verify/{code}")
    assert page.status_code == 200 and "Not found in the register" in page.text
    answer = client.get(f"/api/v1/verify/{code}/")
    assert answer.status_code in (200, 404)


def upload(client, content: bytes):
    return client.post("/verify/", {"credential": SimpleUploadedFile("credential.json", content)})


def test_json_nested_too_deep_to_read_is_refused_with_a_sentence(client):
    page = upload(client, b"[" * 200_000 + b"]" * 200_000)
    assert page.status_code in (200, 400)
    assert "neither a JSON credential nor a certificate PDF" in page.text


def test_a_credential_nested_deep_gets_a_verdict_or_a_sentence(client, award):
    document = dict(award.credential)
    nested: dict = {}
    for _ in range(900):
        nested = {"a": nested}
    document["credentialSubject"] = {**document["credentialSubject"], "deep": nested}
    page = upload(client, json.dumps(document).encode())
    assert page.status_code in (200, 400)
    assert any(
        answer in page.text
        for answer in ("Not genuine", "Not found in the register", "neither a JSON credential")
    )
