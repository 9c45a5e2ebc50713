"""Bulk issuance files: read through `registry.core.spreadsheets.read_rows`, every row checked
with the award form and the issuing rules before anything is issued. Nothing is issued if any
row is bad; the report names each bad row and column."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from credentials.awards import services
from credentials.awards.forms import COLUMNS, REQUIRED_COLUMNS, AwardForm, stored_row
from credentials.awards.models import Award
from registry.core import spreadsheets
from registry.core.errors import REFUSALS, describe
from registry.providers.models import Provider

MAX_ROWS = 100_000
MAX_BYTES = 20 * 1024 * 1024
MAX_REQUEST_BYTES = MAX_BYTES + 64 * 1024
LIMITS = spreadsheets.SpreadsheetLimits(
    max_bytes=MAX_BYTES,
    max_rows=MAX_ROWS,
    max_columns=len(COLUMNS) + 8,
    max_uncompressed_bytes=200 * 1024 * 1024,
)
EXAMPLE_ROW = {
    "micro_credential": "MC-7K3Q9X2M",
    "learner_name": "Aisha Ramdin",
    "learner_email": "aisha.ramdin@example.org",
    "learner_identifier": "R1234567",
    "result": "Distinction",
    "evidence_url": "https://lms.example.ac.mu/portfolios/1234",
    "issued_on": "2026-06-30",
    "external_id": "2026-CLOUD-0001",
    "language": "en",
}


class IssuanceFileError(Exception):
    """The file as a whole cannot be read; says why."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class Validation:
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    valid: list[dict[str, Any]] = field(default_factory=list)
    already_issued: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.valid)

    @property
    def bad_rows(self) -> int:
        return len({error.row for error in self.errors})


def _header(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


def parse_file(data: bytes, filename: str) -> list[tuple[int, dict[str, str]]]:
    """(row number, {column: text}) of a CSV or XLSX file, blank rows left out."""
    try:
        table = spreadsheets.read_rows(data, filename, LIMITS)
        _number, header = next(table, (0, []))
        headers = [_header(cell) for cell in header]
        while headers and not headers[-1]:
            headers.pop()
        if not headers:
            raise IssuanceFileError(
                _("The file is empty: the first row must hold the column names.")
            )
        unknown = [name or _("(empty)") for name in headers if name not in COLUMNS]
        if unknown:
            raise IssuanceFileError(
                _("Unknown columns: %(unknown)s. The columns are: %(known)s.")
                % {"unknown": ", ".join(unknown), "known": ", ".join(COLUMNS)}
            )
        missing = [name for name in REQUIRED_COLUMNS if name not in headers]
        if missing:
            raise IssuanceFileError(
                _("Required columns are missing: %(names)s.") % {"names": ", ".join(missing)}
            )
        rows = []
        for number, cells in table:
            cells = [cell.strip() for cell in cells]
            if any(cells):
                rows.append((number, dict(zip(headers, cells, strict=False))))
    except spreadsheets.SpreadsheetError as error:
        raise IssuanceFileError(str(error)) from error
    if not rows:
        raise IssuanceFileError(_("The file has column names but no rows to issue."))
    return rows


def validate_rows(*, provider: Provider, rows: list[tuple[int, dict[str, Any]]]) -> Validation:
    """Every row checked as if issued alone; external ids must be unique within the file. Rows
    whose external id was already issued are valid and will be skipped (idempotent)."""
    result = Validation(rows=len(rows))
    versions: dict = {}
    refused: dict[tuple[int, str], str | None] = {}
    seen: dict[str, int] = {}
    # One form for every row: making a form copies its fields, which costs four times as much
    # as checking a row.
    form = AwardForm(provider=provider, versions=versions)
    for number, row in rows:
        problems = form.clean_row(row)
        if problems:
            for column, messages in problems.items():
                result.errors.extend(RowError(number, column, message) for message in messages)
            continue
        data = form.award_input()
        if data.external_id in seen:
            result.errors.append(
                RowError(
                    number,
                    "external_id",
                    _("The external id %(id)s is also on row %(row)d.")
                    % {"id": data.external_id, "row": seen[data.external_id]},
                )
            )
            continue
        seen[data.external_id] = number
        key = (data.version.pk, data.issued_on.isoformat())
        if key not in refused:
            try:
                services.refusal(provider, data.version, data.issued_on)
                refused[key] = None
            except REFUSALS as error:
                refused[key] = describe(error)
        if refused[key]:
            result.errors.append(RowError(number, "", refused[key] or ""))
            continue
        result.valid.append(stored_row(data))
    if not result.errors:
        ids = [row["external_id"] for row in result.valid]
        result.already_issued = Award.objects.filter(provider=provider, external_id__in=ids).count()
    return result
