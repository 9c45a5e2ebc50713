"""Spreadsheet exports never hand a formula to Excel: every cell goes through safe_cell."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from credentials.exports import safe_cell, xlsx_bytes
from tests.factories import MicroCredentialVersionFactory


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tindented", "'\tindented"),
        ("\rcarriage", "'\rcarriage"),
        ("Cloud security", "Cloud security"),
        ("a=b", "a=b"),
        ("", ""),
        (12, 12),
        (None, None),
    ],
)
def test_safe_cell_quotes_what_a_spreadsheet_would_run(value, expected):
    assert safe_cell(value) == expected


def export_rows(client, provider):
    response = client.get(reverse("portal:export", args=[provider.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_export_lists_the_providers_micro_credentials(
    staff_client, provider, draft, other_staff
):
    MicroCredentialVersionFactory(
        micro_credential__provider=other_staff.memberships.get().provider,
        micro_credential__created_by=other_staff,
        title="Somebody else's",
    )

    rows = export_rows(staff_client, provider)

    assert len(rows) == 1
    assert rows[0]["code"] == draft.micro_credential.code
    assert rows[0]["title"] == draft.title
    assert rows[0]["status"] == "draft"
    assert rows[0]["framework"] == "MU-NQF"
    assert rows[0]["level"] == "6"
    assert rows[0]["credits"] == "12"
    assert rows[0]["field_of_study"] == "0613"
    assert rows[0]["languages"] == "en"


def test_formulas_in_user_text_are_exported_as_text(staff_client, provider, draft):
    draft.title = '=HYPERLINK("http://evil.example","Click")'
    draft.summary = "@SUM(1+1)"
    draft.skills = ["-cmd|' /C calc'!A0", "+safe?"]
    draft.learning_outcomes = ["\tTabbed outcome"]
    draft.save()

    row = export_rows(staff_client, provider)[0]

    assert row["title"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert row["summary"] == "'@SUM(1+1)"
    assert row["skills"] == "'-cmd|' /C calc'!A0; +safe?"
    assert row["learning_outcomes"] == "'\tTabbed outcome"
    for value in row.values():
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_xlsx_cells_with_formulas_are_stored_as_text():
    content = xlsx_bytes(["title"], [{"title": "=1+1"}])

    cell = load_workbook(io.BytesIO(content)).active["A2"]

    assert cell.data_type == "s"
    assert cell.value == "'=1+1"
