"""An employer uploads a CSV of their applicants' codes on /verify/bulk/ and reads a verdict per
row, on screen and in the CSV download, with their own columns echoed back."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from credentials.awards import services
from credentials.exports import xlsx_bytes
from tests.awards.bulk_files import csv_file, downloaded_rows, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def awards(issue, published, institution_admin):
    valid = issue(published, external_id="A-1", learner_name="Aisha Ramdin")
    revoked = issue(published, external_id="A-2", learner_name="Jean Li")
    services.revoke_award(actor=institution_admin, award=revoked, reason="Academic misconduct.")
    return valid, revoked


def test_each_row_gets_its_verdict_on_screen_and_in_the_csv(client, awards, published):
    valid, revoked = awards
    page = upload(
        client,
        csv_file(
            [
                ["Applicant", "Verification code", "Reference"],
                ["Aisha R.", valid.verification_code, "HR-1"],
                ["Jean L.", revoked.verification_code.lower(), "HR-2"],
                ["Nobody", "AAAAA-BBBBB-CCCCC-DDDDD", "HR-3"],
                ["Typo", "not-a-code", "HR-4"],
            ]
        ),
    )

    assert page.status_code == 200
    text = page.text
    assert "4 of 4 rows verified" in text
    assert "Aisha R." in text and "HR-4" in text  # the employer's own columns
    assert "Valid" in text and published.title in text
    assert "Academic misconduct." in text
    assert "Not found in the register" in text
    assert "Not a verification code" in text
    assert 'http-equiv="refresh"' not in text  # finished: nothing to wait for

    rows = downloaded_rows(client, page)
    assert [(r["row"], r["Applicant"], r["Reference"], r["verdict"]) for r in rows] == [
        ("2", "Aisha R.", "HR-1", "valid"),
        ("3", "Jean L.", "HR-2", "revoked"),
        ("4", "Nobody", "HR-3", "unknown"),
        ("5", "Typo", "HR-4", "malformed"),
    ]
    assert rows[0]["learner_name"] == "Aisha Ramdin"
    assert rows[0]["micro_credential"] == published.title
    assert rows[0]["provider"] == valid.provider.display_name
    assert rows[0]["issued_on"] == valid.issued_on.isoformat()
    assert rows[1]["revoked_at"] and "Academic misconduct." in rows[1]["explanation"]


def test_a_file_of_bare_codes_needs_no_header(client, awards):
    valid, revoked = awards
    page = upload(client, csv_file([[valid.verification_code], [revoked.verification_code]]))

    rows = downloaded_rows(client, page)
    assert [(r["row"], r["code"], r["verdict"]) for r in rows] == [
        ("1", valid.verification_code, "valid"),
        ("2", revoked.verification_code, "revoked"),
    ]


def test_each_checked_award_is_counted_once_per_row(client, awards):
    valid, revoked = awards
    upload(client, csv_file([[valid.verification_code], [valid.verification_code]]))

    valid.refresh_from_db()
    revoked.refresh_from_db()
    assert (valid.verification_count, revoked.verification_count) == (2, 0)


def test_many_codes_take_no_more_queries_than_two(client, awards):
    valid, _revoked = awards
    unknown = [f"AAAAA-BBBBB-CCCCC-DDD{a}{b}" for a in "2345" for b in "6789ABCDEFGHJKMN"]

    def queries(codes):
        with CaptureQueriesContext(connection) as captured:
            upload(client, csv_file([[code] for code in codes]))
        return len(captured)

    queries([valid.verification_code])  # the provider's scope is cached from here on
    two = queries([valid.verification_code, unknown[0]])
    many = queries([valid.verification_code, *unknown[:90], valid.verification_code])

    assert many == two


def test_cells_a_spreadsheet_would_run_are_made_harmless_in_the_download(client, awards):
    valid, _revoked = awards
    page = upload(
        client,
        csv_file(
            [
                ["name", "code"],
                ['=HYPERLINK("http://evil.example")', valid.verification_code],
                ["+1+1", "@SUM(A1)"],
                ["-2", "=cmd|' /C calc'!A0"],
            ]
        ),
    )

    rows = downloaded_rows(client, page)
    assert rows[0]["name"] == '\'=HYPERLINK("http://evil.example")'
    assert rows[1]["name"] == "'+1+1" and rows[1]["code"] == "'@SUM(A1)"
    assert rows[2]["name"] == "'-2" and rows[2]["code"].startswith("'=")
    assert rows[1]["verdict"] == "malformed"


def test_a_csv_that_is_not_utf8_is_refused_with_what_to_do(client, db):
    content = "Nom,code\nRené,7K3Q9-X2MHP-4RT8W-ZC5NA\n".encode("latin-1")

    page = upload(client, SimpleUploadedFile("codes.csv", content))

    assert page.status_code == 400
    assert "not UTF-8" in page.text


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("codes.csv", b"", "is empty"),
        ("codes.csv", b"code\n", "header row but no verification codes"),
        ("codes.txt", b"7K3Q9-X2MHP-4RT8W-ZC5NA\n", "is neither"),
        ("photo.png", b"\x89PNG\r\n", "is neither"),
    ],
)
def test_an_empty_or_wrong_file_is_refused_plainly(client, db, name, content, message):
    page = upload(client, SimpleUploadedFile(name, content))

    assert page.status_code == 400
    assert message in page.text


def test_more_than_ten_thousand_codes_are_refused(client, db):
    rows = [["AAAAA-BBBBB-CCCCC-DDDDD"]] * 10_001

    page = upload(client, csv_file(rows))

    assert page.status_code == 400
    assert "more than 10000" in page.text.replace(",", "")


def test_the_verify_page_links_to_bulk_verification(client, db):
    page = client.get("/verify/")
    assert 'href="/verify/bulk/"' in page.text


def test_a_french_reader_gets_the_page_and_the_verdicts_in_french(client, awards):
    valid, _revoked = awards
    client.cookies["django_language"] = "fr"

    page = upload(client, csv_file([[valid.verification_code], ["pas-un-code"]]))

    assert "Vérification groupée" in page.text
    assert "2 lignes vérifiées sur 2" in page.text
    assert "Valide" in page.text and "Pas un code de vérification" in page.text
    rows = downloaded_rows(client, page)
    assert "n'est pas un code de vérification" in rows[1]["explanation"]


def test_an_excel_workbook_of_codes_is_read_too(client, awards):
    valid, _revoked = awards
    content = xlsx_bytes(
        ["Applicant", "Code"], [{"Applicant": "Aisha R.", "Code": valid.verification_code}]
    )

    page = upload(client, SimpleUploadedFile("codes.xlsx", content))

    rows = downloaded_rows(client, page)
    assert [(r["Applicant"], r["code"], r["verdict"]) for r in rows] == [
        ("Aisha R.", valid.verification_code, "valid")
    ]


def test_a_verification_address_pasted_in_place_of_a_code_is_read(client, awards):
    valid, _revoked = awards

    page = upload(
        client, csv_file([[f"https://registry.example.mu/verify/{valid.verification_code}"]])
    )

    assert downloaded_rows(client, page)[0]["verdict"] == "valid"
