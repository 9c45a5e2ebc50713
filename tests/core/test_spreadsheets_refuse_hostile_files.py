"""The spreadsheet reader believes nothing a workbook says about itself: declared dimensions,
sizes in the archive, XML declarations. Hostile files are refused at once, with the reason."""

import datetime
import io

import pytest
from openpyxl import Workbook

from registry.core.spreadsheets import (
    SpreadsheetError,
    SpreadsheetLimits,
    SpreadsheetTooLarge,
    read_rows,
)
from tests import hostile_workbooks as hostile

LIMITS = SpreadsheetLimits(max_bytes=2 * 1024 * 1024, max_rows=500)


def rows(data, limits=LIMITS, name="file.xlsx"):
    return list(read_rows(data, name, limits))


def test_a_workbook_saved_by_openpyxl_reads_as_text_rows_numbered_as_in_the_sheet():
    book = Workbook()
    sheet = book.active
    sheet.append(["title", "credits", "hours", "start", "online"])
    sheet.append(["Cloud security", 7.5, 120, datetime.date(2026, 3, 1), True])
    sheet.append([])
    sheet.append(["Networks", 6, 60.0, datetime.datetime(2026, 3, 1, 9, 30), False])
    sheet.append(["Formula", "=1+1"])  # never calculated: no value
    buffer = io.BytesIO()
    book.save(buffer)

    assert rows(buffer.getvalue()) == [
        (1, ["title", "credits", "hours", "start", "online"]),
        (2, ["Cloud security", "7.5", "120", "2026-03-01", "yes"]),
        (4, ["Networks", "6", "60", "2026-03-01T09:30:00", "no"]),
        (5, ["Formula"]),
    ]


def test_a_declared_dimension_of_the_whole_grid_is_not_believed():
    data = hostile.huge_dimension(["title"], last_cell="A1048576")

    assert len(data) < 4096
    assert rows(data) == [(1, ["title"]), (1048576, ["x"])]


def test_a_value_beyond_the_column_limit_is_refused():
    with pytest.raises(SpreadsheetTooLarge) as refused:
        rows(hostile.huge_dimension(["title"]))

    assert str(refused.value) == (
        "Row 1048576 has a value in column 16384; a file may use 64 columns."
    )


def test_shared_strings_that_inflate_like_a_zip_bomb_are_refused_before_reading():
    data = hostile.shared_strings_bomb(inflated_mb=200)

    assert len(data) < LIMITS.max_bytes
    with pytest.raises(SpreadsheetTooLarge, match="looks like a ZIP bomb"):
        rows(data)


def test_parts_that_inflate_beyond_the_limit_in_total_are_refused():
    texts = [f"{n:06d} " + "lorem ipsum dolor sit amet " * 8 for n in range(8000)]
    data = hostile.workbook([["title"]], shared_strings=hostile.shared_strings_xml(texts))
    limits = SpreadsheetLimits(max_bytes=2 * 1024 * 1024, max_rows=500, max_uncompressed_bytes=1)

    with pytest.raises(SpreadsheetTooLarge, match="The workbook inflates to more than 0 MB"):
        rows(data, limits)


@pytest.mark.parametrize("xml", [hostile.BILLION_LAUGHS, hostile.EXTERNAL_ENTITY])
def test_entity_declarations_are_refused(xml):
    with pytest.raises(SpreadsheetError) as refused:
        rows(hostile.workbook([["title"]], shared_strings=xml))

    assert "XML declarations (a DTD or entities)" in str(refused.value)


def test_an_archive_of_many_parts_is_refused():
    with pytest.raises(SpreadsheetTooLarge, match="made of 1006 parts, more than the 200"):
        rows(hostile.many_parts(1000))


def test_an_encrypted_part_is_refused():
    with pytest.raises(SpreadsheetError, match="This workbook is encrypted"):
        rows(hostile.encrypted_part())


def test_a_password_protected_or_old_format_workbook_is_refused():
    with pytest.raises(SpreadsheetError, match=r"password-protected or in the old \.xls format"):
        rows(hostile.OLE_ENCRYPTED)


def test_a_nested_archive_in_place_of_the_sheet_is_refused():
    with pytest.raises(SpreadsheetError, match=r"not a valid Excel workbook \(\.xlsx\)"):
        rows(hostile.nested_archive())


def test_more_shared_strings_than_the_rows_and_columns_could_use_are_refused():
    limits = SpreadsheetLimits(max_bytes=2 * 1024 * 1024, max_rows=5, max_columns=2)
    data = hostile.workbook(
        [["title"]], shared_strings=hostile.shared_strings_xml(str(n) for n in range(13))
    )

    with pytest.raises(SpreadsheetTooLarge, match="more than 12 different texts"):
        rows(data, limits)


def test_a_sheet_of_countless_blank_cells_is_refused():
    limits = SpreadsheetLimits(max_bytes=2 * 1024 * 1024, max_rows=5, max_columns=2)
    blank = "".join(f'<row r="{n}"><c r="A{n}" s="1"/></row>' for n in range(2, 200))
    data = hostile.workbook(sheet=hostile.sheet_xml([["title"]], body=blank))

    with pytest.raises(SpreadsheetTooLarge, match=r"sheet1\.xml holds more than 144 elements"):
        rows(data, limits)


def test_more_rows_than_the_limit_are_refused():
    limits = SpreadsheetLimits(max_bytes=2 * 1024 * 1024, max_rows=3)
    data = hostile.workbook([["title"], ["a"], ["b"], ["c"], ["d"]])

    assert [cells for _n, cells in rows(hostile.workbook([["title"], ["a"]]), limits)] == [
        ["title"],
        ["a"],
    ]
    with pytest.raises(SpreadsheetTooLarge, match="The file has more than 3 rows"):
        rows(data, limits)


def test_a_cell_longer_than_excel_allows_is_refused():
    data = hostile.workbook([["title"], ["x" * 32_768]])

    with pytest.raises(SpreadsheetTooLarge, match="A cell holds more than 32767 characters"):
        rows(data)


def test_a_csv_is_bounded_by_the_same_limits():
    limits = SpreadsheetLimits(max_bytes=1024, max_rows=2, max_columns=3)

    assert rows(b"a,b\n\n1,2\n", limits, "file.csv") == [(1, ["a", "b"]), (3, ["1", "2"])]
    with pytest.raises(SpreadsheetTooLarge, match="more than 2 rows"):
        rows(b"a\n1\n2\n3\n", limits, "file.csv")
    with pytest.raises(SpreadsheetTooLarge, match="Row 1 has a value in column 4"):
        rows(b"a,b,c,d\n", limits, "file.csv")
    with pytest.raises(SpreadsheetTooLarge, match="larger than 0 MB"):
        rows(b"x" * 1025, limits, "file.csv")
