"""Bulk submission from CSV or XLSX: all rows or none, with every problem reported."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from credentials import bulk_import
from credentials.exports import IMPORT_COLUMNS
from credentials.models import CheckReport, MicroCredentialVersion, Status
from registry.audit.models import AuditEvent
from tests import hostile_workbooks as hostile

GOOD = dict(bulk_import.EXAMPLE_ROW)


def row(**overrides):
    return {**GOOD, **overrides}


def csv_file(rows, *, columns=IMPORT_COLUMNS, name="micro-credentials.csv", delimiter=","):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, delimiter=delimiter, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), content_type="text/csv")


def xlsx_file(rows, *, name="micro-credentials.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(IMPORT_COLUMNS))
    for item in rows:
        sheet.append([item.get(column, "") for column in IMPORT_COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def upload(staff_client, provider, django_capture_on_commit_callbacks):
    def post(file, *, submit=False):
        data = {"file": file}
        if submit:
            data["submit_for_review"] = "on"
        with django_capture_on_commit_callbacks(execute=False):
            return staff_client.post(
                reverse("portal:import", args=[provider.slug]), data, follow=True
            )

    return post


def test_a_good_csv_creates_every_row_as_a_draft(upload, provider):
    rows = [
        row(title="Cloud security fundamentals"),
        row(title="Network forensics", credits="6", notional_hours="60"),
        row(title="Secure coding", learning_outcomes="Review code\nFix injection flaws"),
    ]

    response = upload(csv_file(rows))

    assert response.redirect_chain[-1][0] == reverse("portal:dashboard", args=[provider.slug])
    assert "Imported 3 micro-credentials as drafts." in response.content.decode()
    versions = MicroCredentialVersion.objects.for_provider(provider).order_by("title")
    assert [v.title for v in versions] == [
        "Cloud security fundamentals",
        "Network forensics",
        "Secure coding",
    ]
    assert {v.status for v in versions} == {Status.DRAFT}
    first = versions[0]
    assert first.learning_outcomes == [
        "Configure identity and access management for a cloud account",
        "Assess the security posture of a small cloud deployment",
        "Write an incident response plan for a cloud-hosted service",
    ]
    assert first.skills == [
        "cloud security",
        "identity and access management",
        "incident response",
    ]
    assert first.languages == ["en", "fr"]
    assert (first.level.framework.code, first.level.code) == ("MU-NQF", "6")
    assert first.credit_system.code == "MU-HE-CREDIT"
    assert first.field_of_study.code == "0613"
    assert versions[2].learning_outcomes == ["Review code", "Fix injection flaws"]
    assert AuditEvent.objects.filter(action="micro_credential.created").count() == 3
    assert AuditEvent.objects.filter(action="micro_credential.bulk_imported").count() == 1


def test_ticking_submit_submits_every_row(upload, provider):
    response = upload(csv_file([row(title="A"), row(title="B")]), submit=True)

    assert "Imported and submitted 2 micro-credentials." in response.content.decode()
    versions = MicroCredentialVersion.objects.for_provider(provider)
    assert {v.status for v in versions} == {Status.SUBMITTED}
    assert CheckReport.objects.count() == 2


def test_one_bad_row_saves_nothing_and_every_problem_is_listed(upload):
    rows = [
        row(title="Good one"),
        row(title="", credits="-3"),  # row 3
        row(title="Good two"),
        row(level="99", credit_system="NOPE", languages="english"),  # row 5
        row(field_of_study="7777", pacing="whenever"),  # row 6
    ]

    response = upload(csv_file(rows))

    assert response.status_code == 200
    assert not MicroCredentialVersion.objects.exists()
    page = response.content.decode()
    assert "Nothing was imported: 3 rows have problems." in page
    expected = [
        ("3", "title", "This field is required."),
        ("3", "credits", "Credits must be more than zero."),
        ("5", "level", "There is no level “99” in the framework “MU-NQF”."),
        ("5", "credit_system", "Unknown code “NOPE”"),
        ("5", "languages", "Not ISO 639-1 language codes: english."),
        ("6", "field_of_study", "Unknown code “7777”"),
        ("6", "pacing", "“whenever” is not one of: self_paced, guided."),
    ]
    for number, column, reason in expected:
        assert f'<tr><th scope="row">{number}</th><td>{column}</td><td>{reason}' in page
    assert '<th scope="row">2</th>' not in page
    assert '<th scope="row">4</th>' not in page


def test_validation_alone_reports_rows_without_writing(provider):
    rows = bulk_import.parse_file(csv_file([row(), row(framework="", level="")]).read(), "file.csv")

    result = bulk_import.validate_rows(provider=provider, rows=rows)

    assert not result.ok
    assert result.bad_rows == [3]
    assert {(e.column, e.message) for e in result.errors} == {
        ("framework", "Give the framework code, e.g. MU-NQF."),
        ("level", "Give the level code, e.g. 6."),
    }


def test_a_level_outside_the_provider_scope_is_reported(upload):
    response = upload(csv_file([row(framework="EQF", level="5")]))

    assert "not in your provider&#x27;s accreditation scope" in response.content.decode()
    assert not MicroCredentialVersion.objects.exists()


def test_an_xlsx_workbook_imports_with_numbers_as_cells(upload, provider):
    rows = [row(title="From Excel", credits=7.5, notional_hours=75, level=6, field_of_study=613)]

    response = upload(xlsx_file(rows))

    assert "Imported 1 micro-credential as a draft." in response.content.decode()
    version = MicroCredentialVersion.objects.get()
    assert version.title == "From Excel"
    assert str(version.credits) == "7.50"
    assert version.field_of_study.code == "0613"  # the spreadsheet had dropped the zero


def test_a_semicolon_separated_csv_from_excel_is_read(upload):
    response = upload(csv_file([row(title="Semicolons")], delimiter=";"))

    assert "Imported 1 micro-credential as a draft." in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "picture.png",
            b"\x89PNG\r\n\x1a\n",
            "Upload a .csv or .xlsx file; “picture.png” is neither.",
        ),
        ("picture.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This file is not CSV text"),
        ("latin1.csv", "title\nCaf\xe9 cr\xe8me".encode("latin-1"), "The file is not UTF-8 text."),
        ("fake.xlsx", b"title,level\nA,6\n", "This file is not a valid Excel workbook (.xlsx)."),
        ("empty.csv", b"", "The submitted file is empty."),
        ("headers.csv", ",".join(IMPORT_COLUMNS).encode(), "no rows to import"),
        ("columns.csv", b"title,colour\nA,red\n", "Unknown columns: colour."),
        ("missing.csv", b"title,summary\nA,B\n", "Required columns are missing: framework, level"),
    ],
)
def test_a_file_that_cannot_be_read_gets_a_clear_form_error(upload, name, content, message):
    response = upload(SimpleUploadedFile(name, content))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MicroCredentialVersion.objects.exists()


def test_a_zip_that_is_not_a_workbook_is_refused(upload):
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    response = upload(SimpleUploadedFile("archive.xlsx", buffer.getvalue()))

    assert "This file is not a valid Excel workbook (.xlsx)." in response.content.decode()


def test_a_file_over_two_megabytes_is_refused(upload):
    content = ",".join(IMPORT_COLUMNS).encode() + b"\n" + b"x" * (2 * 1024 * 1024)

    response = upload(SimpleUploadedFile("big.csv", content))

    assert "The file is larger than 2 MB" in response.content.decode()
    with pytest.raises(bulk_import.ImportFileError, match="larger than 2 MB"):
        bulk_import.parse_file(content, "big.csv")


def test_more_than_500_rows_are_refused(upload):
    response = upload(csv_file([row(title=f"Course {n}") for n in range(501)]))

    assert "The file has more than 500 rows" in response.content.decode()
    assert not MicroCredentialVersion.objects.exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_downloads_with_an_example_that_imports(staff_client, provider, upload, fmt):
    response = staff_client.get(reverse("portal:import_template", args=[provider.slug, fmt]))

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    if fmt == "csv":
        lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        lines = [[c if c is not None else "" for c in r] for r in sheet.iter_rows(values_only=True)]
    assert tuple(lines[0]) == IMPORT_COLUMNS
    assert lines[1][0] == "Cloud security fundamentals"

    result = upload(SimpleUploadedFile(f"template.{fmt}", response.content))
    assert "Imported 1 micro-credential as a draft." in result.content.decode()


def test_an_unknown_template_format_is_not_found(staff_client, provider):
    url = reverse("portal:import_template", args=[provider.slug, "pdf"])
    assert staff_client.get(url).status_code == 404


def test_the_import_page_labels_its_fields(staff_client, provider):
    page = staff_client.get(reverse("portal:import", args=[provider.slug])).content.decode()

    assert '<label for="id_file">' in page
    assert "Submit for review after import" in page
    assert 'enctype="multipart/form-data"' in page


HEADER = list(IMPORT_COLUMNS)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(
            lambda: hostile.huge_dimension(HEADER),
            "Row 1048576 has a value in column 16384; a file may use 64 columns.",
            id="declared-dimension-of-the-whole-grid",
        ),
        pytest.param(
            lambda: hostile.shared_strings_bomb(inflated_mb=200),
            "inflates 948 times; a workbook is refused above 100 times",
            id="shared-strings-zip-bomb",
        ),
        pytest.param(
            lambda: hostile.workbook([HEADER], shared_strings=hostile.BILLION_LAUGHS),
            "This workbook contains XML declarations (a DTD or entities)",
            id="billion-laughs",
        ),
        pytest.param(
            lambda: hostile.many_parts(1000),
            "The workbook is made of 1006 parts, more than the 200 a workbook may have.",
            id="many-parts",
        ),
        pytest.param(
            hostile.encrypted_part,
            "This workbook is encrypted; save it without a password and upload it again.",
            id="encrypted-part",
        ),
        pytest.param(
            hostile.nested_archive,
            "This file is not a valid Excel workbook (.xlsx).",
            id="nested-archive",
        ),
    ],
)
def test_a_hostile_workbook_gets_a_form_error_naming_the_reason(upload, content, message):
    response = upload(SimpleUploadedFile("micro-credentials.xlsx", content()))

    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert any(message in error for error in errors), errors
    assert not MicroCredentialVersion.objects.exists()


def test_a_row_far_down_a_sheet_that_declares_the_whole_grid_is_read_as_that_row(upload):
    data = hostile.huge_dimension(HEADER, last_cell="A1048576")

    response = upload(SimpleUploadedFile("micro-credentials.xlsx", data))

    assert response.context["result"].bad_rows == [1048576]
    assert not MicroCredentialVersion.objects.exists()
