"""Spreadsheet output (CSV and XLSX) for the portal: exports and the bulk-import template.

Every cell goes through `safe_cell`, so a value typed by a person can never be read as a formula
by Excel, LibreOffice or Google Sheets (CSV/formula injection).
"""

import csv
import io

from openpyxl import Workbook

from credentials.models import CONTENT_FIELDS, MicroCredentialVersion

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATORS = {"learning_outcomes": " | ", "skills": "; ", "languages": ", "}

# The columns of the bulk-import file, in order: the content fields, with the level written as
# its framework and level codes. The export uses the same, after its own.
IMPORT_COLUMNS = tuple(
    column
    for name in CONTENT_FIELDS
    for column in (("framework", "level") if name == "level" else (name,))
)
EXPORT_COLUMNS = ("code", "version", "status", *IMPORT_COLUMNS, "updated_at")


def safe_cell(value):
    """`value`, with a leading single quote if it is a string a spreadsheet would run as a
    formula (it starts with =, +, -, @, a tab or a carriage return). Other values pass as they
    are."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def version_row(version: MicroCredentialVersion) -> dict:
    """One version as export cells, in the same vocabulary the bulk import reads."""
    row = {
        "code": version.micro_credential.code,
        "version": version.number,
        "status": version.status,
        "framework": version.level.framework.code,
        "level": version.level.code,
        "credit_system": version.credit_system.code,
        "field_of_study": version.field_of_study.code,
        "credits": f"{version.credits.normalize():f}",
        "validity_months": version.validity_months if version.validity_months is not None else "",
        "updated_at": version.updated_at.isoformat(timespec="seconds"),
    }
    for name in IMPORT_COLUMNS:
        if name in row:
            continue
        value = getattr(version, name)
        if isinstance(value, list):
            value = LIST_SEPARATORS[name].join(value)
        row[name] = value
    return row


def csv_bytes(columns, rows) -> bytes:
    """A UTF-8 CSV (with a byte-order mark, so Excel reads the accents) of dict `rows`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(column) for column in columns])
    for row in rows:
        writer.writerow([safe_cell(row.get(column, "")) for column in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(columns, rows, *, title: str = "Sheet1") -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([safe_cell(column) for column in columns])
    for row in rows:
        sheet.append([safe_cell(row.get(column, "")) for column in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_provider_csv(versions) -> bytes:
    return csv_bytes(EXPORT_COLUMNS, (version_row(version) for version in versions))
