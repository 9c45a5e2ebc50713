"""Bulk submission of micro-credentials from a CSV or XLSX file: all rows or none.

Independent of HTTP so that the portal and the REST API share it:

    rows = parse_file(data, filename)            # raises ImportFileError for a bad file
    result = import_micro_credentials(actor=user, provider=provider, rows=rows, submit=True)
    result.ok, result.errors, result.created

Each row is mapped to the data `credentials.forms.MicroCredentialForm` takes (framework + level
codes to a level, credit-system and ISCED-F codes to records, lists split on their separators) and
validated by that form, so a row is held to exactly the rules of the portal form. If any row is
bad nothing is written and every problem is reported with its row number (as a spreadsheet shows
it: the header is row 1) and column.
"""

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from credentials import services
from credentials.exports import IMPORT_COLUMNS
from credentials.forms import MicroCredentialForm
from credentials.models import AssessmentType, Kind, Pacing, ParticipationMode
from frameworks.models import CreditSystem, FieldOfStudy, Level
from registry.accounts.selectors import is_member
from registry.audit.services import record_event
from registry.core import spreadsheets
from registry.core.errors import InvalidTransition, NotAllowed
from registry.providers.models import Provider, RecognitionType

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 500
# A multipart request carries the file plus its own framing; anything beyond is refused unread.
MAX_REQUEST_BYTES = MAX_BYTES + 64 * 1024
EXTENSIONS = spreadsheets.EXTENSIONS
# A file of 500 micro-credentials inflates to a few MB at most.
LIMITS = spreadsheets.SpreadsheetLimits(
    max_bytes=MAX_BYTES, max_rows=MAX_ROWS, max_columns=64, max_uncompressed_bytes=20 * 1024 * 1024
)

REQUIRED_COLUMNS = (
    "title",
    "framework",
    "level",
    "credits",
    "credit_system",
    "notional_hours",
    "assessment_type",
    "participation_mode",
    "pacing",
    "quality_assurance",
    "recognition_type",
    "field_of_study",
    "languages",
)
CHOICE_COLUMNS = {
    "kind": Kind,
    "assessment_type": AssessmentType,
    "participation_mode": ParticipationMode,
    "pacing": Pacing,
    "recognition_type": RecognitionType,
}
EXTRA_CELLS = "__extra_cells__"
SHAPE_PROBLEMS = "__shape_problems__"

# One realistic row for the downloadable template; it imports as it is.
EXAMPLE_ROW = {
    "title": "Cloud security fundamentals",
    "summary": "Secure the cloud workloads of a small organisation.",
    "kind": "micro_credential",
    "learning_outcomes": (
        "Configure identity and access management for a cloud account | "
        "Assess the security posture of a small cloud deployment | "
        "Write an incident response plan for a cloud-hosted service"
    ),
    "framework": "MU-NQF",
    "level": "6",
    "credits": "12",
    "credit_system": "MU-HE-CREDIT",
    "notional_hours": "120",
    "assessment_type": "project",
    "assessment_description": "A graded project securing a sample deployment, with a viva.",
    "participation_mode": "online",
    "pacing": "guided",
    "quality_assurance": "Approved by the university senate; moderated by an external examiner.",
    "recognition_type": "accredited",
    "field_of_study": "0613",
    "skills": "cloud security; identity and access management; incident response",
    "languages": "en, fr",
    "prerequisites": "Basic networking (NQF level 5 or equivalent experience).",
    "validity_months": "36",
    "stackability": "Counts towards the Postgraduate Certificate in Cybersecurity.",
    "public_url": "https://www.example.ac.mu/short-courses/cloud-security",
}


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong type, encoding, size, columns); says why."""


class ImportTooLarge(ImportFileError):
    """More bytes or rows than one import takes."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    valid: list[tuple[int, dict]] = field(default_factory=list)
    created: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_rows(self) -> list[int]:
        return sorted({error.row for error in self.errors})


# --- Reading files --------------------------------------------------------------------------


def parse_file(data: bytes, filename: str) -> list[tuple[int, dict]]:
    """The rows of a CSV or XLSX file as (row number, {column: text}), blank rows left out."""
    try:
        return _rows_from_table(spreadsheets.read_rows(data, filename, LIMITS))
    except spreadsheets.SpreadsheetTooLarge as error:
        raise ImportTooLarge(str(error)) from error
    except spreadsheets.SpreadsheetError as error:
        raise ImportFileError(str(error)) from error


def _header_name(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


def _rows_from_table(table) -> list[tuple[int, dict]]:
    _number, header = next(table, (0, []))
    headers = [_header_name(cell) for cell in header]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise ImportFileError(_("The file is empty: the first row must hold the column names."))
    unknown = [name or _("(empty)") for name in headers if name not in IMPORT_COLUMNS]
    if unknown:
        raise ImportFileError(
            _("Unknown columns: %(unknown)s. The columns are: %(known)s.")
            % {"unknown": ", ".join(unknown), "known": ", ".join(IMPORT_COLUMNS)}
        )
    duplicates = sorted({name for name in headers if headers.count(name) > 1})
    if duplicates:
        raise ImportFileError(
            _("Columns named more than once: %(names)s.") % {"names": ", ".join(duplicates)}
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in headers]
    if missing:
        raise ImportFileError(
            _("Required columns are missing: %(names)s.") % {"names": ", ".join(missing)}
        )
    rows = []
    for number, cells in table:
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue
        row = dict(zip(headers, cells, strict=False))
        extra = [cell for cell in cells[len(headers) :] if cell]
        if extra:
            row[EXTRA_CELLS] = len(extra)
        rows.append((number, row))
    if not rows:
        raise ImportFileError(_("The file has column names but no rows to import."))
    return rows


# --- Reading API records ---------------------------------------------------------------------

LIST_COLUMNS = ("learning_outcomes", "skills", "languages")
SCALAR_TYPES = (str, int, float)


def rows_from_records(records) -> list[tuple[int, dict]]:
    """Micro-credentials in the API's JSON shape (as the single-create endpoint takes them:
    lists for outcomes, skills and languages, `level` as {framework, code}) as rows numbered from
    1 in the order given. A value of the wrong type is reported against its row and column."""
    if not isinstance(records, list):
        raise ImportFileError(_("Send a JSON array of micro-credentials."))
    if not records:
        raise ImportFileError(_("The array is empty: there is nothing to import."))
    if len(records) > MAX_ROWS:
        raise ImportTooLarge(
            _("The array has more than %(max)d micro-credentials; send them in smaller batches.")
            % {"max": MAX_ROWS}
        )
    return [(number, _record_row(record)) for number, record in enumerate(records, start=1)]


def _record_row(record) -> dict:
    if not isinstance(record, dict):
        return {SHAPE_PROBLEMS: {"": _("Each item must be a JSON object.")}}
    row, problems = {}, {}
    for column in IMPORT_COLUMNS:
        if column == "framework":
            continue
        value = record.get(column)
        if column == "level":
            if isinstance(value, dict) and all(
                isinstance(value.get(key), (*SCALAR_TYPES, type(None)))
                for key in ("framework", "code")
            ):
                row["framework"] = _text(value.get("framework"))
                row["level"] = _text(value.get("code"))
            elif value is not None:
                problems["level"] = _('Give the level as {"framework": …, "code": …}.')
        elif column in LIST_COLUMNS:
            if isinstance(value, list) and all(isinstance(item, str) for item in value):
                row[column] = value
            elif value is not None:
                problems[column] = _("Give a list of texts.")
        elif value is None or (isinstance(value, SCALAR_TYPES) and not isinstance(value, bool)):
            row[column] = _text(value)
        else:
            problems[column] = _("Give a text or a number.")
    if problems:
        row[SHAPE_PROBLEMS] = problems
    return row


def _text(value) -> str:
    return "" if value is None else str(value).strip()


# --- Validating rows ------------------------------------------------------------------------


class _Lookups:
    """Reference data by code, read once per import rather than once per row."""

    def __init__(self, provider):
        self.levels = {
            (framework.upper(), code.upper()): pk
            for pk, framework, code in Level.objects.values_list("pk", "framework__code", "code")
        }
        scope_form = MicroCredentialForm(provider=provider)
        self.levels_in_scope = set(scope_form.fields["level"].queryset.values_list("pk", flat=True))
        self.credit_systems = {
            code.upper(): pk for pk, code in CreditSystem.objects.values_list("pk", "code")
        }
        self.fields_of_study = {
            code: pk for pk, code in FieldOfStudy.objects.values_list("pk", "code")
        }
        self.choices = {
            column: {
                **{str(label).lower(): value for value, label in choices.choices},
                **{value.lower(): value for value in choices.values},
            }
            for column, choices in CHOICE_COLUMNS.items()
        }


def _split(value, separators: str) -> str:
    """A cell's items one per line. A list (an API record) is taken item by item as it is."""
    if isinstance(value, list):
        items = value
    else:
        for separator in separators:
            value = value.replace(separator, "\n")
        items = value.split("\n")
    return "\n".join(item.strip() for item in items if item.strip())


def _form_data(row: dict, lookups: _Lookups) -> tuple[dict, dict[str, str]]:
    """The row as form data, and the problems found while translating codes (column -> reason)."""
    problems: dict[str, str] = {}
    data = {name: row.get(name, "") for name in IMPORT_COLUMNS}
    data["learning_outcomes"] = _split(data["learning_outcomes"], "|\r\n")
    data["skills"] = _split(data["skills"], ";,\r\n")
    if isinstance(data["languages"], list):
        data["languages"] = ",".join(data["languages"])

    framework, level = data.pop("framework").upper(), data["level"].upper()
    level_pk = None
    if not framework:
        problems["framework"] = _("Give the framework code, e.g. MU-NQF.")
    if not level:
        problems["level"] = _("Give the level code, e.g. 6.")
    elif framework:
        level_pk = lookups.levels.get((framework, level))
        if level_pk is None:
            problems["level"] = _("There is no level “%(level)s” in the framework “%(fw)s”.") % {
                "level": data["level"],
                "fw": framework,
            }
        elif level_pk not in lookups.levels_in_scope:
            problems["level"] = _(
                "The framework “%(fw)s” is not in your provider's accreditation scope."
            ) % {"fw": framework}
    data["level"] = level_pk or ""

    for column, table, example in (
        ("credit_system", lookups.credit_systems, "MU-HE-CREDIT"),
        ("field_of_study", lookups.fields_of_study, "0613"),
    ):
        code = data[column].upper()
        if code.isdigit() and code not in table and "0" + code in table:
            code = "0" + code  # a spreadsheet dropped the leading zero of an ISCED-F code
        if code:
            if code not in table:
                problems[column] = _("Unknown code “%(code)s” (for example %(example)s).") % {
                    "code": data[column],
                    "example": example,
                }
            data[column] = table.get(code, "")

    if not data["kind"]:
        data["kind"] = Kind.MICRO_CREDENTIAL
    for column, choices in lookups.choices.items():
        value = data[column]
        if value:
            if value.lower() not in choices:
                problems[column] = _("“%(value)s” is not one of: %(allowed)s.") % {
                    "value": value,
                    "allowed": ", ".join(CHOICE_COLUMNS[column].values),
                }
            data[column] = choices.get(value.lower(), "")
    return data, problems


def validate_rows(*, provider, rows: list[tuple[int, dict]]) -> ImportResult:
    """Check every row with MicroCredentialForm; collects every problem, writes nothing."""
    # A copy of the provider with its scope prefetched, so building the form for each row
    # costs no query.
    provider = Provider.objects.prefetch_related("scope_frameworks").get(pk=provider.pk)
    lookups = _Lookups(provider)
    result = ImportResult(rows=len(rows))
    for number, row in rows:
        shape_problems = row.get(SHAPE_PROBLEMS, {})
        if "" in shape_problems:  # not a record at all: nothing more to say about it
            result.errors.append(RowError(number, "", shape_problems[""]))
            continue
        data, problems = _form_data(row, lookups)
        form = MicroCredentialForm(data, provider=provider)
        valid = form.is_valid()
        if "level" in shape_problems:
            problems.pop("framework", None)
        problems.update(shape_problems)
        if row.get(EXTRA_CELLS):
            problems[""] = _("This row has %(n)d more cells than there are column names.") % {
                "n": row[EXTRA_CELLS]
            }
        for column, reason in problems.items():
            result.errors.append(RowError(number, column, reason))
        for name, messages in form.errors.items():
            column = "" if name == "__all__" else name
            if column in problems or (column == "level" and "framework" in problems):
                continue
            for message in messages:
                result.errors.append(RowError(number, column, str(message)))
        if valid and not problems:
            result.valid.append((number, form.content()))
    return result


# --- Importing ------------------------------------------------------------------------------


class _RollBack(Exception):
    pass


def import_micro_credentials(
    *, actor, provider, rows: list[tuple[int, dict]], submit: bool = False
) -> ImportResult:
    """Validate every row and, only if all are good, create them all (and submit each when
    `submit`) in one transaction. Returns the result with `errors` or with `created`."""
    if not is_member(actor, provider):
        raise NotAllowed(_("Only members of %(provider)s may do this.") % {"provider": provider})
    services.require_active_provider(provider)
    result = validate_rows(provider=provider, rows=rows)
    if not result.ok:
        return result
    created = []
    try:
        with transaction.atomic():
            for number, content in result.valid:
                version = services.create_micro_credential(
                    actor=actor, provider=provider, data=content
                )
                if submit:
                    try:
                        services.submit(actor=actor, version=version)
                    except InvalidTransition as error:
                        result.errors.append(RowError(number, "", str(error)))
                created.append(version)
            if result.errors:
                raise _RollBack
            record_event(
                actor=actor,
                action="micro_credential.bulk_imported",
                obj=provider,
                provider=provider,
                after={
                    "count": len(created),
                    "submitted": submit,
                    "codes": [version.micro_credential.code for version in created],
                },
            )
    except _RollBack:
        return result
    result.created = created
    return result
