"""POST /api/v1/verifications/bulk/: a CSV of codes or a ZIP of credentials; small files answer
201 with every verdict, larger ones 202 with progress to follow; the verdicts as JSON and CSV;
every refusal is problem details."""

import csv
import io

import pytest
from rest_framework.test import APIClient

from credentials.awards import bulk_verification, tasks
from credentials.awards.models import VerificationBatch
from tests.awards.bulk_files import csv_file, zip_file

pytestmark = pytest.mark.django_db

URL = "/api/v1/verifications/bulk/"


@pytest.fixture
def api():
    return APIClient()


def test_a_small_file_answers_every_verdict_at_once(api, award):
    response = api.post(
        URL,
        {"file": csv_file([["code", "applicant"], [award.verification_code, "Aisha R."]])},
        format="multipart",
    )

    assert response.status_code == 201
    body = response.json()
    assert response["Location"] == body["url"]
    assert body["state"] == "done" and (body["done"], body["total"], body["percent"]) == (1, 1, 100)
    assert body["columns"] == ["applicant"]
    [row] = body["results"]
    assert (row["row"], row["input"], row["extra"], row["verdict"]) == (
        2,
        award.verification_code,
        ["Aisha R."],
        "valid",
    )
    assert row["learner_name"] == award.learner_name
    assert row["micro_credential_code"] == award.version.micro_credential.code

    status = api.get(body["url"].replace("http://127.0.0.1:8000", ""))
    assert status.status_code == 200 and status.json()["results"] == body["results"]
    assert status["Cache-Control"] == "private, no-store"

    download = api.get(body["csv_url"].replace("http://127.0.0.1:8000", ""))
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
    [line] = csv.DictReader(io.StringIO(download.content.decode("utf-8-sig")))
    assert (line["code"], line["applicant"], line["verdict"]) == (
        award.verification_code,
        "Aisha R.",
        "valid",
    )


def test_a_large_file_is_accepted_and_its_progress_followed(
    api, award, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setitem(bulk_verification.AT_ONCE, VerificationBatch.Kind.FILES, 1)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = api.post(
            URL,
            {"file": zip_file({"a.json": b"{}", "b.txt": b"x"})},
            format="multipart",
        )

    assert response.status_code == 202
    assert len(queued) == 1
    body = response.json()
    assert (body["state"], body["done"], body["total"], body["results"]) == ("pending", 0, 2, [])
    path = body["url"].replace("http://127.0.0.1:8000", "")

    tasks.run_verification_batch.apply(args=[VerificationBatch.objects.get().pk])

    done = api.get(path).json()
    assert done["state"] == "done" and done["percent"] == 100
    assert [(r["input"], r["verdict"]) for r in done["results"]] == [
        ("a.json", "unknown"),
        ("b.txt", "unreadable"),
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "Upload a .csv file"),
        ({"file": zip_file({"c.json": b"0" * (4 * 1024 * 1024)})}, "ZIP bomb"),
        ({"file": csv_file([["code"]])}, "no verification codes"),
    ],
)
def test_a_refused_file_is_problem_details_with_the_field_error(api, db, body, message):
    response = api.post(URL, body, format="multipart")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert message in response.json()["errors"]["file"][0]
    assert not VerificationBatch.objects.exists()


def test_uploads_are_rate_limited_per_client_not_per_code(api, award, settings):
    settings.BULK_VERIFY_RATE = "2/hour"
    settings.VERIFY_RATE = "2/min"
    many = [[award.verification_code]] * 50

    statuses = [
        api.post(URL, {"file": csv_file(many)}, format="multipart").status_code for _ in range(3)
    ]

    assert statuses == [201, 201, 429]
    refused = api.post(URL, {"file": csv_file(many)}, format="multipart")
    assert refused["Content-Type"] == "application/problem+json" and refused["Retry-After"]
    award.refresh_from_db()
    assert award.verification_count == 100  # each row a check, none refused by VERIFY_RATE


def test_the_schema_documents_the_bulk_routes(api, db):
    schema = api.get("/api/v1/schema/?format=json").json()

    assert "/api/v1/verifications/bulk/" in schema["paths"]
    create = schema["paths"]["/api/v1/verifications/bulk/"]["post"]
    assert {"201", "202", "400", "413", "429"} <= set(create["responses"])
    assert "text/csv" in str(schema["paths"]["/api/v1/verifications/bulk/{public_id}/results.csv"])
