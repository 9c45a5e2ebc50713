"""Bulk verification files, for employers and admissions offices: a CSV (or XLSX) of
verification codes, one a row (a header row optional; other columns, such as the applicant's
name, are kept and echoed back), or a ZIP of credential files (`.json` credentials and
certificate `.pdf` files). Each row gets the verdict one check would give.

Uploads are hostile until shown otherwise. A codes file is read through
`registry.core.spreadsheets.read_rows` (UTF-8 only, bounded rows and columns, XLSX archives
checked before they are inflated). A ZIP is refused on its table of contents, before a byte is
inflated: too many members, an encrypted one, one that inflates past the size of a credential
file, one inflated more than `MAX_RATIO` times, more than `MAX_INFLATED` in all. Each file is
then read within its recorded size and parsed as a single upload would be.

Reading a file is deterministic, so a batch recorded pending keeps only the upload and the task
reads it again; rows are verified a chunk at a time (`verify_chunk`), each chunk's verdicts and
counts recorded in one transaction by `services.record_verification_chunk`.
"""

from __future__ import annotations

import io
import logging
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from credentials.awards import services, verification
from credentials.awards.models import CODE_GROUP_LENGTH, CODE_GROUPS, VerificationBatch
from credentials.exports import csv_bytes
from registry.core import spreadsheets
from registry.core.queueing import enqueue_on_commit

logger = logging.getLogger(__name__)

MIB = 1024 * 1024
MAX_UPLOAD_BYTES = 20 * MIB
MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + 64 * 1024
MAX_CODES = 10_000
MAX_COLUMNS = 32
MAX_FILES = 1_000
MAX_ZIP_MEMBERS = 2 * MAX_FILES  # folders and skipped files included
MAX_FILE_BYTES = verification.MAX_UPLOAD_BYTES  # what one credential file may hold, inflated
MAX_INFLATED = 200 * MIB
MAX_RATIO = 100
RATIO_CHECKED_FROM = (
    1 * MIB
)  # small members compress very well and are harmless whatever their ratio
# Up to this many rows are verified while the uploader waits; more go to the `verification` queue.
AT_ONCE: dict[str, int] = {VerificationBatch.Kind.CODES: 100, VerificationBatch.Kind.FILES: 20}
CHUNK: dict[str, int] = {VerificationBatch.Kind.CODES: 500, VerificationBatch.Kind.FILES: 25}
CODES_LIMITS = spreadsheets.SpreadsheetLimits(
    max_bytes=MAX_UPLOAD_BYTES,
    max_rows=MAX_CODES,
    max_columns=MAX_COLUMNS,
    max_cell_chars=2_000,
)
CREDENTIAL_EXTENSIONS = (".json", ".pdf")
HEADER_NAMES = {
    "code",
    "codes",
    "verification",
    "verification_code",
    "verification_codes",
    "code_de_verification",
    "code_de_vérification",
    "codes_de_vérification",
}
# The result columns of the CSV download, after the row and what was checked.
RESULT_COLUMNS = (
    "verdict",
    "explanation",
    "warnings",
    "learner_name",
    "micro_credential",
    "micro_credential_code",
    "provider",
    "issued_on",
    "valid_until",
    "revoked_at",
    "verification_code",
)


class BulkFileError(Exception):
    """The file as a whole cannot be verified; the message says why, for the person who sent it."""


@dataclass(frozen=True)
class Item:
    """One row to verify: its number (the file's row, or the member's position in the ZIP),
    what is checked (a code, or a member's name) and the other cells of its row."""

    row: int
    text: str
    extra: tuple[str, ...] = ()


@dataclass
class Upload:
    kind: str
    items: list[Item]
    columns: list[str] = field(default_factory=list)

    @property
    def at_once(self) -> bool:
        return len(self.items) <= AT_ONCE[self.kind]


def read_upload(data: bytes, file_name: str) -> Upload:
    """The rows of an uploaded codes file or ZIP of credentials; BulkFileError if it cannot be
    verified as a whole."""
    extension = Path(file_name or "").suffix.lower()
    if not data:
        raise BulkFileError(_("The file is empty."))
    if len(data) > MAX_UPLOAD_BYTES:
        raise BulkFileError(
            _("The file is larger than %(mb)d MB; split it into smaller files.")
            % {"mb": MAX_UPLOAD_BYTES // MIB}
        )
    if extension == ".zip":
        return Upload(VerificationBatch.Kind.FILES, _zip_items(data))
    if extension in spreadsheets.EXTENSIONS:
        return _codes(data, file_name)
    raise BulkFileError(
        _(
            "Upload a .csv file of verification codes, or a .zip of credential files (.json) "
            "and certificates (.pdf); “%(name)s” is neither."
        )
        % {"name": file_name[:100]}
    )


# --- Codes ------------------------------------------------------------------------------------


def _header(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


def code_text(cell: str) -> str:
    """The code in a cell: the cell itself, or the end of a verification address pasted in."""
    cell = cell.strip()
    if "/verify/" in cell:
        cell = cell.rpartition("/verify/")[2].strip("/ ")
    return cell


def _looks_like_code(cell: str) -> bool:
    letters = [ch for ch in code_text(cell) if ch.isalnum()]
    return len(letters) == CODE_GROUPS * CODE_GROUP_LENGTH


def _codes(data: bytes, file_name: str) -> Upload:
    try:
        rows = list(spreadsheets.read_rows(data, file_name, CODES_LIMITS))
    except spreadsheets.SpreadsheetError as error:
        raise BulkFileError(str(error)) from error
    if not rows:
        raise BulkFileError(_("The file holds no verification codes."))
    first = rows[0][1]
    named = [i for i, cell in enumerate(first) if _header(cell) in HEADER_NAMES]
    coded = [i for i, cell in enumerate(first) if _looks_like_code(cell)]
    second = rows[1][1] if len(rows) > 1 else []
    if coded:  # no header: the first row already holds a code
        header, column = False, coded[0]
    elif named:
        header, column = True, named[0]
    else:  # a header of other names, or no code anywhere: the code column is the next row's
        later = [i for i, cell in enumerate(second) if _looks_like_code(cell)]
        header, column = bool(later), (later[0] if later else 0)
    body = rows[1:] if header else rows
    if not body:
        raise BulkFileError(_("The file has a header row but no verification codes."))
    if len(body) > MAX_CODES:
        raise BulkFileError(
            _("The file has more than %(max)d codes; split it into smaller files.")
            % {"max": MAX_CODES}
        )
    width = max(len(cells) for _number, cells in rows)
    names = [
        (first[i].strip() if header and i < len(first) else "") or _("Column %(n)d") % {"n": i + 1}
        for i in range(width)
    ]
    columns = [name for i, name in enumerate(names) if i != column]
    items = []
    for number, cells in body:
        cells = cells + [""] * (width - len(cells))
        extra = tuple(cell for i, cell in enumerate(cells) if i != column)
        items.append(Item(number, code_text(cells[column]), extra))
    return Upload(VerificationBatch.Kind.CODES, items, columns)


# --- ZIP of credential files ------------------------------------------------------------------


def _archive(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise BulkFileError(_("This file is not a valid ZIP archive.")) from error


def _skipped(info: zipfile.ZipInfo) -> bool:
    """Folders and what archivers add by themselves (macOS resource forks, hidden files)."""
    name = info.filename
    return (
        info.is_dir()
        or name.startswith("__MACOSX/")
        or posixpath.basename(name).startswith(".")
        or not posixpath.basename(name)
    )


def _zip_members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The members to verify, once the table of contents shows nothing dangerous."""
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        raise BulkFileError(
            _(
                "The archive holds %(n)d entries; at most %(max)d credential files are "
                "verified at once."
            )
            % {"n": len(infos), "max": MAX_FILES}
        )
    members, inflated = [], 0
    for info in infos:
        if _skipped(info):
            continue
        name = info.filename[:100]
        if info.flag_bits & 0x1:
            raise BulkFileError(_("The archive is encrypted; make it again without a password."))
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise BulkFileError(
                _("%(name)s is compressed in a way that is not read; make a standard ZIP archive.")
                % {"name": name}
            )
        if info.file_size > MAX_FILE_BYTES:
            raise BulkFileError(
                _(
                    "%(name)s inflates to more than %(mb)d MB; a credential or certificate is "
                    "much smaller."
                )
                % {"name": name, "mb": MAX_FILE_BYTES // MIB}
            )
        if info.file_size > RATIO_CHECKED_FROM and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise BulkFileError(
                _(
                    "%(name)s inflates %(ratio)d times; an archive is refused above %(max)d "
                    "times (it looks like a ZIP bomb)."
                )
                % {
                    "name": name,
                    "ratio": info.file_size // max(info.compress_size, 1),
                    "max": MAX_RATIO,
                }
            )
        inflated += info.file_size
        members.append(info)
    if inflated > MAX_INFLATED:
        raise BulkFileError(
            _("The archive inflates to more than %(mb)d MB; split it into smaller archives.")
            % {"mb": MAX_INFLATED // MIB}
        )
    if len(members) > MAX_FILES:
        raise BulkFileError(
            _("The archive holds %(n)d files; at most %(max)d are verified at once.")
            % {"n": len(members), "max": MAX_FILES}
        )
    if not members:
        raise BulkFileError(_("The archive holds no files."))
    return members


def _zip_items(data: bytes) -> list[Item]:
    with _archive(data) as archive:
        return [Item(n, info.filename) for n, info in enumerate(_zip_members(archive), start=1)]


# --- Verifying --------------------------------------------------------------------------------


def _day(value: Any) -> str:
    return value.isoformat()[:10] if value else ""


def result_row(item: Item, verdict: verification.Verdict) -> dict[str, Any]:
    """One row of the results, as kept and shown: what was checked and what the register says."""
    award = verdict.award
    row: dict[str, Any] = {
        "row": item.row,
        "input": item.text,
        "extra": list(item.extra),
        "verdict": verdict.outcome,
        "headline": verdict.headline,
        "explanation": verdict.explanation,
        "warnings": list(verdict.warnings),
        "learner_name": "",
        "micro_credential": "",
        "micro_credential_code": "",
        "provider": "",
        "issued_on": "",
        "valid_until": "",
        "revoked_at": "",
        "verification_code": "",
        "provider_slug": "",
    }
    if award is not None:
        row.update(
            learner_name=award.learner_name,
            micro_credential=award.version.title,
            micro_credential_code=award.version.micro_credential.code,
            provider=award.provider.display_name,
            provider_slug=award.provider.slug,
            issued_on=_day(award.issued_on),
            valid_until=_day(verdict.valid_until or award.valid_until),
            revoked_at=_day(verdict.revoked_at),
            verification_code=award.verification_code,
        )
    return row


def _file_verdict(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> verification.Verdict:
    if not info.filename.lower().endswith(CREDENTIAL_EXTENSIONS):
        return verification.unreadable_file(
            _("Only credential files (.json) and certificates (.pdf) are verified.")
        )
    try:
        with archive.open(info) as member:
            data = member.read(MAX_FILE_BYTES + 1)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError):
        return verification.unreadable_file(_("The file is damaged in the archive."))
    try:
        document = verification.parse_upload(data)
    except ValueError as error:
        return verification.unreadable_file(str(error))
    except RecursionError:  # JSON nested deeper than a credential ever is
        return verification.unreadable_file(
            _("The file is neither a JSON credential nor a certificate PDF.")
        )
    try:
        return verification.verify_document(document, count=False)
    except (RecursionError, ValueError, TypeError, KeyError, AttributeError):
        # A hostile document: one file's verdict, never the whole batch's failure.
        return verification.unreadable_file(_("The file's credential cannot be read."))


def verify_chunk(
    kind: str, data: bytes, items: list[Item]
) -> tuple[list[dict[str, Any]], list[int]]:
    """The result rows of `items` and the ids of the awards they verified (to be counted),
    counting nothing yet."""
    if kind == VerificationBatch.Kind.CODES:
        verdicts = verification.verify_codes([item.text for item in items], count=False)
    else:
        with _archive(data) as archive:
            members = _zip_members(archive)
            verdicts = [_file_verdict(archive, members[item.row - 1]) for item in items]
    rows = [result_row(item, verdict) for item, verdict in zip(items, verdicts, strict=True)]
    return rows, [verdict.award.pk for verdict in verdicts if verdict.award is not None]


def record(upload: Upload, data: bytes, file_name: str, *, language: str) -> VerificationBatch:
    """Record a read upload as a batch; a small one is verified at once (done when this returns),
    a larger one (or a small one that failed at once) is queued on the `verification` queue once
    the caller's transaction commits, and stays pending until a worker runs it."""
    batch = _recorded(upload, data, file_name, language=language)
    if not batch.is_finished:
        from credentials.awards import tasks  # the task runs `run_batch` here: a cycle

        enqueue_on_commit(tasks.run_verification_batch, batch.pk)
    return batch


def _recorded(upload: Upload, data: bytes, file_name: str, *, language: str) -> VerificationBatch:
    batch = services.create_verification_batch(
        kind=upload.kind,
        file_name=file_name,
        upload=data,
        total=len(upload.items),
        columns=upload.columns,
        language=language,
    )
    if upload.at_once:
        try:
            return run_batch(batch.pk) or batch
        except Exception:  # left pending: queued, and the worker retries
            logger.exception("Bulk verification %s failed at once; queued instead.", batch.pk)
            batch.refresh_from_db()
    return batch


def run_batch(batch_id: int) -> VerificationBatch | None:
    """Verify every row of the batch not verified yet, a chunk per transaction. Safe to run
    again, or twice at once: a chunk another run recorded first is neither kept twice nor
    counted twice."""
    batch = services.start_verification_batch(batch_id)
    if batch is None:
        return VerificationBatch.objects.filter(pk=batch_id).defer("upload").first()
    if batch.done >= batch.total:  # every chunk recorded, the run lost before it finished
        return services.finish_verification_batch(batch.pk)
    try:
        data = bytes(batch.upload)
        with translation.override(batch.language):
            items = read_upload(data, batch.file_name).items
            size = CHUNK[batch.kind]
            start = batch.done
            while start < len(items):
                chunk = items[start : start + size]
                rows, award_ids = verify_chunk(batch.kind, data, chunk)
                if services.record_verification_chunk(batch.pk, start, rows, award_ids):
                    start += len(chunk)
                    continue
                current = VerificationBatch.objects.filter(pk=batch.pk).defer("upload").first()
                if current is None or current.is_finished:
                    return current
                start = current.done  # another run recorded this chunk: go on after it
    except Exception as error:
        services.record_verification_failure(batch.pk, error)
        raise
    return services.finish_verification_batch(batch.pk)


def results_csv(batch: VerificationBatch) -> bytes:
    """The verdicts as a CSV download: the row, what was checked, the file's other columns, then
    the verdict and what the register knows. Every cell is made safe from formula injection."""
    checked = "code" if batch.kind == VerificationBatch.Kind.CODES else "file_name"
    extra = [str(name) for name in batch.columns]
    columns = ["row", checked, *extra, *RESULT_COLUMNS]
    rows = []
    for result in batch.results:
        row = {name: result.get(name, "") for name in RESULT_COLUMNS}
        row.update(dict(zip(extra, result.get("extra", []), strict=False)))
        row.update(row=result["row"], warnings=" | ".join(result.get("warnings", [])))
        row[checked] = result["input"]
        rows.append(row)
    return csv_bytes(columns, rows)
