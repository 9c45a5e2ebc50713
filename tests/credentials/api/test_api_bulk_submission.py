"""Bulk submission by API: a JSON array (the single-create shape) or a CSV upload (the portal's
template), all created or none; bad rows answer 422 with every problem by row and field."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from credentials import bulk_import
from credentials.exports import IMPORT_COLUMNS
from credentials.models import MicroCredential, MicroCredentialVersion, Status
from registry.accounts.services import create_api_key
from tests import hostile_workbooks as hostile
from tests.credentials.api.conftest import PROBLEM, payload

URL = "/api/v1/providers/uopl/micro-credentials/bulk/"


def csv_upload(rows, *, name="micro-credentials.csv"):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=IMPORT_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(), content_type="text/csv")


@pytest.fixture
def post(staff_api, django_capture_on_commit_callbacks):
    def send(data, *, query="", fmt="json", **headers):
        with django_capture_on_commit_callbacks(execute=False):
            return staff_api.post(URL + query, data, format=fmt, **headers)

    return send


def created_titles(provider) -> list[str]:
    return sorted(
        MicroCredentialVersion.objects.for_provider(provider).values_list("title", flat=True)
    )


def test_a_json_array_creates_every_item_as_a_draft(post, provider):
    items = [
        payload(title="Data protection basics"),
        payload(
            title="Secure coding",
            learning_outcomes=["Spot injection flaws | and fix them", "Review code"],
            skills=["secure coding, OWASP", "code review"],
        ),
    ]

    response = post(items)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["count"] == 2 and body["submitted"] is False
    codes = [item["code"] for item in body["created"]]
    assert set(codes) == set(
        MicroCredential.objects.filter(provider=provider).values_list("code", flat=True)
    )
    assert {item["status"] for item in body["created"]} == {"draft"}
    secure = MicroCredentialVersion.objects.get(title="Secure coding")
    # Items of a JSON list are taken as they are, separators and all.
    assert secure.learning_outcomes == ["Spot injection flaws | and fix them", "Review code"]
    assert secure.skills == ["secure coding, OWASP", "code review"]
    assert secure.languages == ["en", "fr"]
    assert secure.level.code == "6" and secure.credit_system.code == "MU-HE-CREDIT"


def test_submit_true_submits_them_all(post, provider):
    response = post([payload(title="One"), payload(title="Two")], query="?submit=true")

    assert response.status_code == 201
    assert {item["status"] for item in response.json()["created"]} == {Status.SUBMITTED}
    assert set(
        MicroCredentialVersion.objects.for_provider(provider).values_list("status", flat=True)
    ) == {Status.SUBMITTED}


def test_one_bad_item_creates_nothing_and_every_problem_is_reported(post, provider):
    items = [
        payload(title="Good one"),
        payload(title="", level={"framework": "MU-NQF", "code": "99"}),
        payload(title="Bad credit system", credit_system="NOPE", languages="en"),
    ]

    response = post(items)

    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == 422
    rows = {row["row"]: row["errors"] for row in body["rows"]}
    assert set(rows) == {2, 3}
    assert "title" in rows[2] and "level" in rows[2]
    assert "credit_system" in rows[3] and rows[3]["languages"] == ["Give a list of texts."]
    assert created_titles(provider) == []


def test_items_of_the_wrong_shape_are_reported_by_row(post, provider):
    response = post([payload(), "not an object", payload(level="MU-NQF 6")])

    assert response.status_code == 422
    rows = {row["row"]: row["errors"] for row in response.json()["rows"]}
    assert rows[2] == {"non_field_errors": ["Each item must be a JSON object."]}
    assert list(rows[3]) == ["level"]
    assert created_titles(provider) == []


def test_a_csv_upload_with_the_portal_template_is_imported(post, provider):
    rows = [
        dict(bulk_import.EXAMPLE_ROW),
        {**bulk_import.EXAMPLE_ROW, "title": "Network forensics"},
    ]

    response = post({"file": csv_upload(rows), "submit": "true"}, fmt="multipart")

    assert response.status_code == 201, response.json()
    assert response.json()["count"] == 2 and response.json()["submitted"] is True
    assert created_titles(provider) == ["Cloud security fundamentals", "Network forensics"]


def test_a_bad_csv_row_is_reported_by_its_spreadsheet_row(post, provider):
    rows = [dict(bulk_import.EXAMPLE_ROW), {**bulk_import.EXAMPLE_ROW, "credits": "lots"}]

    response = post({"file": csv_upload(rows)}, fmt="multipart")

    assert response.status_code == 422
    assert [row["row"] for row in response.json()["rows"]] == [3]
    assert "credits" in response.json()["rows"][0]["errors"]
    assert created_titles(provider) == []


def test_an_unreadable_file_answers_400(post, provider):
    upload = SimpleUploadedFile("list.txt", b"title\nx\n", content_type="text/plain")

    response = post({"file": upload}, fmt="multipart")

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert "file" in response.json()["errors"]


@pytest.mark.parametrize("body", [{"title": "One object"}, []])
def test_anything_but_a_non_empty_array_answers_400(post, body):
    response = post(body)

    assert response.status_code == 400
    assert "non_field_errors" in response.json()["errors"]


def test_more_than_500_items_answers_413(post, provider):
    response = post([payload(title=f"Item {n}") for n in range(bulk_import.MAX_ROWS + 1)])

    assert response.status_code == 413
    assert response["Content-Type"] == PROBLEM
    assert created_titles(provider) == []


def test_a_file_over_2_mb_answers_413(post, provider):
    big = SimpleUploadedFile("big.csv", b"title\n" + b"x" * bulk_import.MAX_BYTES)

    response = post({"file": big}, fmt="multipart")

    assert response.status_code == 413


def test_a_retry_with_the_same_idempotency_key_creates_nothing_more(post, provider):
    items = [payload(title="Once only")]

    first = post(items, HTTP_IDEMPOTENCY_KEY="batch-7")
    again = post(items, HTTP_IDEMPOTENCY_KEY="batch-7")

    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert created_titles(provider) == ["Once only"]


def test_the_same_key_with_another_file_is_refused(post, provider):
    first = post(
        {"file": csv_upload([bulk_import.EXAMPLE_ROW])}, fmt="multipart", HTTP_IDEMPOTENCY_KEY="f-1"
    )
    other = {**bulk_import.EXAMPLE_ROW, "title": "Another course"}

    again = post({"file": csv_upload([other])}, fmt="multipart", HTTP_IDEMPOTENCY_KEY="f-1")

    assert first.status_code == 201
    assert again.status_code == 422
    assert created_titles(provider) == ["Cloud security fundamentals"]


def test_a_read_only_key_cannot_submit_in_bulk(institution_admin, provider):
    _key, plaintext = create_api_key(
        actor=institution_admin, provider=provider, name="SIS", scopes=["read"]
    )

    response = APIClient().post(
        URL, [payload()], format="json", HTTP_AUTHORIZATION=f"Bearer {plaintext}"
    )

    assert response.status_code == 403
    assert created_titles(provider) == []


def test_another_providers_member_gets_404(outsider_api, provider):
    response = outsider_api.post(URL, [payload()], format="json")

    assert response.status_code == 404
    assert created_titles(provider) == []


def test_a_workbook_that_inflates_like_a_zip_bomb_answers_413(post, provider):
    upload = SimpleUploadedFile("bomb.xlsx", hostile.shared_strings_bomb(inflated_mb=200))

    response = post({"file": upload}, fmt="multipart")

    assert response.status_code == 413
    assert response["Content-Type"] == PROBLEM
    assert "looks like a ZIP bomb" in response.json()["detail"]
    assert created_titles(provider) == []


def test_a_workbook_declaring_entities_answers_400(post, provider):
    data = hostile.workbook([list(IMPORT_COLUMNS)], shared_strings=hostile.BILLION_LAUGHS)

    response = post({"file": SimpleUploadedFile("laughs.xlsx", data)}, fmt="multipart")

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert "XML declarations (a DTD or entities)" in response.json()["errors"]["file"][0]
