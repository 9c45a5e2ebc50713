"""Reading uploaded spreadsheets (CSV and XLSX) without trusting them.

An XLSX workbook is a ZIP archive of XML parts, and nothing in it can be believed: the sheet's
declared dimension (`A1:XFD1048576` for one cell), the sizes in the archive (a 0.5 MB upload can
inflate to gigabytes), the XML itself (entity expansion). So before anything is parsed, the
archive's parts are counted and their inflated sizes and compression ratios checked; then the
parts are read as streams with `defusedxml` (no DTD, no entities), every part with a budget of
elements, the shared strings with a bound on their number, and the sheet row by row as the
archive stores it: only the rows and cells that are present, never the declared range, and no
value beyond the column limit. What a file may hold is a `SpreadsheetLimits`, given by the caller:

    limits = SpreadsheetLimits(max_bytes=2 * 1024 * 1024, max_rows=500)
    for number, cells in read_rows(data, "file.xlsx", limits):  # raises SpreadsheetError
        ...

Rows come as (row number as the spreadsheet shows it, [cell text, ...]); blank rows are left
out; the first row given is the header, and at most `max_rows` rows follow it. Dates (cells
with a date format) come as ISO 8601 text, booleans as "yes"/"no", whole numbers without ".0".
"""

import csv
import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, iterparse
from django.utils.translation import gettext as _
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

MIB = 1024 * 1024
EXTENSIONS = (".csv", ".xlsx")
RELATIONSHIP_TYPE = re.compile(r"/(officeDocument|worksheet|sharedStrings|styles)$")
CELL_REFERENCE = re.compile(r"([A-Z]{1,3})(\d+)$")
# Parts bigger than this must not be inflated more than `max_ratio` times (small XML parts
# compress very well and are harmless whatever their ratio).
RATIO_CHECKED_FROM = 1 * MIB
# XML elements besides the cells that a workbook's small parts may hold (styles, relationships,
# the workbook's list of sheets).
SMALL_PART_ELEMENTS = 200_000
# What a broken part raises while it is read or its values converted.
UNREADABLE = (ParseError, zipfile.BadZipFile, LookupError, ValueError, OverflowError, EOFError)


@dataclass(frozen=True)
class SpreadsheetLimits:
    max_bytes: int
    """Size of the uploaded file."""
    max_rows: int
    """Non-blank rows after the header."""
    max_columns: int = 64
    """Columns that may hold a value (A to BL by default)."""
    max_uncompressed_bytes: int = 50 * MIB
    """All of an XLSX archive's parts, inflated."""
    max_ratio: int = 100
    """Inflated size / compressed size of any large part (Apache POI's default too)."""
    max_parts: int = 200
    """Members of an XLSX archive (a workbook of a few sheets has about a dozen)."""
    max_cell_chars: int = 32_767
    """Characters in one cell (Excel's own limit)."""

    @property
    def max_cells(self) -> int:
        """Cell elements a sheet may hold, blank formatted ones included."""
        return 4 * (self.max_rows + 1) * self.max_columns


class SpreadsheetError(Exception):
    """The file as a whole cannot be read; the message says why, for the person who sent it."""


class SpreadsheetTooLarge(SpreadsheetError):
    """More bytes, rows, columns or inflated content than the limits allow."""


def read_rows(
    data: bytes, filename: str, limits: SpreadsheetLimits
) -> Iterator[tuple[int, list[str]]]:
    """The non-blank rows of a CSV or XLSX file, by its extension. The file's size is checked
    at once; every other problem is raised while the rows are read."""
    extension = Path(filename or "").suffix.lower()
    if extension not in EXTENSIONS:
        raise SpreadsheetError(
            _("Upload a .csv or .xlsx file; “%(name)s” is neither.") % {"name": filename}
        )
    if len(data) > limits.max_bytes:
        raise SpreadsheetTooLarge(
            _("The file is larger than %(mb)d MB; split it into smaller files.")
            % {"mb": limits.max_bytes // MIB}
        )
    if not data:
        raise SpreadsheetError(_("The file is empty."))
    rows = _csv_rows(data) if extension == ".csv" else _xlsx_rows(data, limits)
    return _bounded(rows, limits)


def _bounded(rows, limits: SpreadsheetLimits) -> Iterator[tuple[int, list[str]]]:
    count = 0
    for number, cells in rows:
        while cells and not cells[-1].strip():
            cells.pop()
        if not cells:
            continue
        if len(cells) > limits.max_columns:
            raise SpreadsheetTooLarge(
                _("Row %(row)d has a value in column %(column)d; a file may use %(max)d columns.")
                % {"row": number, "column": len(cells), "max": limits.max_columns}
            )
        if count > limits.max_rows:
            raise SpreadsheetTooLarge(
                _("The file has more than %(max)d rows; split it into smaller files.")
                % {"max": limits.max_rows}
            )
        count += 1
        yield number, cells


# --- CSV --------------------------------------------------------------------------------------


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    if data.startswith(b"PK\x03\x04"):
        raise SpreadsheetError(
            _("This file is a spreadsheet workbook, not CSV text; name it .xlsx or save as CSV.")
        )
    if b"\x00" in data:
        raise SpreadsheetError(_("This file is not CSV text (it contains binary data)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SpreadsheetError(
            _(
                "The file is not UTF-8 text. In Excel choose “Save as… CSV UTF-8”, or upload "
                "the .xlsx workbook instead."
            )
        ) from error
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as error:
        raise SpreadsheetError(
            _("The CSV file could not be read near row %(row)d: %(error)s")
            % {"row": reader.line_num, "error": error}
        ) from error


# --- XLSX -------------------------------------------------------------------------------------


def _not_xlsx() -> SpreadsheetError:
    return SpreadsheetError(_("This file is not a valid Excel workbook (.xlsx)."))


def _xlsx_rows(data: bytes, limits: SpreadsheetLimits) -> Iterator[tuple[int, list[str]]]:
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE2 compound file: .xls, or encrypted .xlsx
        raise SpreadsheetError(
            _(
                "This workbook is password-protected or in the old .xls format; save it as an "
                ".xlsx workbook without a password."
            )
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _not_xlsx() from error
    with archive:
        _check_archive(archive, limits)
        try:
            yield from _Workbook(archive, limits).rows()
        except DefusedXmlException as error:  # before UNREADABLE: it is a ValueError too
            raise SpreadsheetError(
                _(
                    "This workbook contains XML declarations (a DTD or entities) that an Excel "
                    "workbook never has; it was not read."
                )
            ) from error
        except UNREADABLE as error:
            raise _not_xlsx() from error


def _check_archive(archive: zipfile.ZipFile, limits: SpreadsheetLimits) -> None:
    """Refuse the archive on its table of contents, before a byte of it is inflated. (Python's
    zipfile stops a part at its recorded size and checks its CRC, so the sizes cannot lie.)"""
    parts = archive.infolist()
    if len(parts) > limits.max_parts:
        raise SpreadsheetTooLarge(
            _("The workbook is made of %(n)d parts, more than the %(max)d a workbook may have.")
            % {"n": len(parts), "max": limits.max_parts}
        )
    inflated = 0
    for part in parts:
        if part.flag_bits & 0x1:
            raise SpreadsheetError(
                _("This workbook is encrypted; save it without a password and upload it again.")
            )
        if part.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _not_xlsx()
        inflated += part.file_size
        if part.file_size > RATIO_CHECKED_FROM and part.file_size > limits.max_ratio * max(
            part.compress_size, 1
        ):
            raise SpreadsheetTooLarge(
                _(
                    "The workbook's part %(part)s inflates %(ratio)d times; a workbook is refused "
                    "above %(max)d times (it looks like a ZIP bomb)."
                )
                % {
                    "part": part.filename[:100],
                    "ratio": part.file_size // max(part.compress_size, 1),
                    "max": limits.max_ratio,
                }
            )
    if inflated > limits.max_uncompressed_bytes:
        raise SpreadsheetTooLarge(
            _("The workbook inflates to more than %(mb)d MB; split it into smaller files.")
            % {"mb": limits.max_uncompressed_bytes // MIB}
        )


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _elements(stream: IO[bytes], budget: int, part: str):
    """(event, element) of an XML part as it is read, without DTDs or entities, refusing a part
    of more than `budget` elements."""
    count = 0
    for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=True):
        if event == "end":
            count += 1
            if count > budget:
                raise SpreadsheetTooLarge(
                    _("The workbook's part %(part)s holds more than %(max)d elements.")
                    % {"part": part[:100], "max": budget}
                )
        yield event, element


class _Workbook:
    """The first worksheet of an archive checked by `_check_archive`."""

    def __init__(self, archive: zipfile.ZipFile, limits: SpreadsheetLimits):
        self.archive = archive
        self.limits = limits
        self.names = set(archive.namelist())

    def _open(self, name: str) -> IO[bytes]:
        if name not in self.names:
            raise _not_xlsx()
        return self.archive.open(name)

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """Id -> (type, part name) of the relationships of `part` ("" for the package)."""
        folder, name = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", name + ".rels")
        if rels not in self.names:
            return {}
        found = {}
        with self._open(rels) as stream:
            for event, element in _elements(stream, SMALL_PART_ELEMENTS, rels):
                if event == "end" and _local(element.tag) == "Relationship":
                    kind = RELATIONSHIP_TYPE.search(element.get("Type", ""))
                    target = element.get("Target", "")
                    if target.startswith("/"):
                        path = target.lstrip("/")
                    else:
                        path = posixpath.normpath(posixpath.join(folder, target))
                    found[element.get("Id", "")] = (kind.group(1) if kind else "", path)
                    element.clear()
        return found

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        package = self._relationships("")
        workbook = next((path for kind, path in package.values() if kind == "officeDocument"), "")
        if not workbook:
            raise _not_xlsx()
        sheet_id, date1904 = self._first_sheet(workbook)
        parts = self._relationships(workbook)
        if sheet_id not in parts or parts[sheet_id][0] != "worksheet":
            raise _not_xlsx()
        by_kind = {kind: path for kind, path in parts.values()}
        strings = (
            self._shared_strings(by_kind["sharedStrings"]) if "sharedStrings" in by_kind else []
        )
        date_styles = self._date_styles(by_kind["styles"]) if "styles" in by_kind else set()
        epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
        sheet = parts[sheet_id][1]
        yield from _SheetReader(self.limits, strings, date_styles, epoch).rows(
            self._open(sheet), sheet
        )

    def _first_sheet(self, workbook: str) -> tuple[str, bool]:
        sheet_id, date1904 = "", False
        with self._open(workbook) as stream:
            for event, element in _elements(stream, SMALL_PART_ELEMENTS, workbook):
                if event != "end":
                    continue
                name = _local(element.tag)
                if name == "workbookPr":
                    date1904 = element.get("date1904", "").lower() in {"1", "true"}
                elif name == "sheet" and not sheet_id:
                    sheet_id = next(
                        (value for key, value in element.attrib.items() if _local(key) == "id"),
                        "",
                    )
                element.clear()
        if not sheet_id:
            raise _not_xlsx()
        return sheet_id, date1904

    def _shared_strings(self, part: str) -> list[str]:
        limit = (self.limits.max_rows + 1) * self.limits.max_columns
        strings: list[str] = []
        texts: list[str] = []
        phonetic = 0
        root = None
        with self._open(part) as stream:
            for event, element in _elements(stream, 8 * limit, part):
                name = _local(element.tag)
                if root is None:
                    root = element
                if name == "rPh":  # phonetic guides are not part of the text
                    phonetic += 1 if event == "start" else -1
                elif event == "start":
                    continue
                elif name == "t" and not phonetic:
                    texts.append(element.text or "")
                elif name == "si":
                    if len(strings) >= limit:
                        raise SpreadsheetTooLarge(
                            _("The workbook holds more than %(max)d different texts.")
                            % {"max": limit}
                        )
                    strings.append(_cell_text("".join(texts), self.limits))
                    texts.clear()
                    root.clear()  # drop the strings read so far
        return strings

    def _date_styles(self, part: str) -> set[int]:
        """Positions of the cell formats (`s` of a cell) that show a number as a date."""
        custom: dict[int, str] = {}
        formats: list[int] = []
        in_cell_formats = False
        with self._open(part) as stream:
            for event, element in _elements(stream, SMALL_PART_ELEMENTS, part):
                name = _local(element.tag)
                if name == "cellXfs":
                    in_cell_formats = event == "start"
                elif event == "end" and name == "numFmt":
                    custom[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
                elif event == "end" and name == "xf" and in_cell_formats:
                    formats.append(int(element.get("numFmtId", "0")))
        return {
            position
            for position, number_format in enumerate(formats)
            if is_date_format(custom.get(number_format) or BUILTIN_FORMATS.get(number_format, ""))
        }


def _cell_text(text: str, limits: SpreadsheetLimits) -> str:
    if len(text) > limits.max_cell_chars:
        raise SpreadsheetTooLarge(
            _("A cell holds more than %(max)d characters.") % {"max": limits.max_cell_chars}
        )
    return text


class _SheetReader:
    def __init__(self, limits: SpreadsheetLimits, strings, date_styles, epoch):
        self.limits = limits
        self.strings = strings
        self.date_styles = date_styles
        self.epoch = epoch

    def rows(self, stream: IO[bytes], part: str) -> Iterator[tuple[int, list[str]]]:
        number, column = 0, 0
        cells: dict[int, str] = {}
        container = None
        with stream:
            for event, element in _elements(stream, 3 * self.limits.max_cells, part):
                name = _local(element.tag)
                if event == "start":
                    if name == "sheetData":
                        container = element
                    elif name == "row":
                        number = int(element.get("r") or number + 1)
                        column, cells = 0, {}
                    continue
                if name == "c":
                    column = self._column(element.get("r"), column)
                    text = self._value(element)
                    if text.strip():
                        if column > self.limits.max_columns:
                            raise SpreadsheetTooLarge(
                                _(
                                    "Row %(row)d has a value in column %(column)d; a file may "
                                    "use %(max)d columns."
                                )
                                % {"row": number, "column": column, "max": self.limits.max_columns}
                            )
                        cells[column] = text
                    element.clear()
                elif name == "row":
                    if cells:
                        yield number, [cells.get(n, "") for n in range(1, max(cells) + 1)]
                    if container is not None:
                        container.clear()  # drop the rows read so far
                elif name == "sheetData":
                    break

    @staticmethod
    def _column(reference: str | None, previous: int) -> int:
        match = CELL_REFERENCE.match(reference or "")
        if not match:
            return previous + 1
        number = 0
        for letter in match.group(1):
            number = number * 26 + ord(letter) - ord("A") + 1
        return number

    def _value(self, cell) -> str:
        kind = cell.get("t", "n")
        value = None
        inline: list[str] = []
        for child in cell.iter():
            name = _local(child.tag)
            if name == "v":
                value = child.text or ""
            elif name == "t" and kind == "inlineStr":
                inline.append(child.text or "")
        if kind == "inlineStr":
            text = "".join(inline)
        elif not value:  # no value, or a formula never calculated
            return ""
        elif kind == "s":
            text = self.strings[int(value)]
        elif kind == "b":
            text = "yes" if value.strip() in {"1", "true"} else "no"
        elif kind == "n":
            text = self._number(value, cell.get("s"))
        else:  # str (a formula's text), e (an error such as #N/A), d (an ISO 8601 date)
            text = value
        return _cell_text(text, self.limits)

    def _number(self, value: str, style: str | None) -> str:
        number = float(value)
        if style and style.isdigit() and int(style) in self.date_styles:
            moment = from_excel(number, self.epoch)
            if hasattr(moment, "hour") and (moment.hour, moment.minute, moment.second) == (0, 0, 0):
                return moment.date().isoformat()
            return moment.isoformat()
        if number.is_integer() and abs(number) < 1e15:
            return str(int(number))
        return repr(number)
