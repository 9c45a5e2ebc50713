"""XLSX workbooks written part by part, so that tests can make them lie: about their size, their
dimension, their XML. `workbook()` makes a plain valid one from rows of text."""

import io
import zipfile
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    "</Types>"
)
PACKAGE_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}">'
    f'<Relationship Id="rId1" Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}">'
    f'<Relationship Id="rId1" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def sheet_xml(rows, *, dimension: str = "", body: str = "") -> str:
    """A worksheet of inline strings; `rows` are (row number, [text, ...]) or lists of text
    numbered from 1."""
    numbered = rows if rows and isinstance(rows[0], tuple) else list(enumerate(rows, start=1))
    xml_rows = []
    for number, cells in numbered:
        xml_cells = "".join(
            f'<c r="{column_letters(n)}{number}" t="inlineStr">'
            f"<is><t>{escape(str(text))}</t></is></c>"
            for n, text in enumerate(cells, start=1)
            if text != ""
        )
        xml_rows.append(f'<row r="{number}">{xml_cells}</row>')
    dimension_xml = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">{dimension_xml}'
        f"<sheetData>{''.join(xml_rows)}{body}</sheetData></worksheet>"
    )


def shared_strings_xml(texts) -> str:
    items = "".join(f"<si><t>{escape(text)}</t></si>" for text in texts)
    return f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">{items}</sst>'


def workbook(
    rows=(),
    *,
    sheet: str | None = None,
    shared_strings: str | bytes | None = None,
    extra_parts: dict | None = None,
    compression=zipfile.ZIP_DEFLATED,
) -> bytes:
    """The bytes of an XLSX workbook with one sheet (`sheet` XML, or `rows` as inline strings)."""
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": PACKAGE_RELS,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": sheet if sheet is not None else sheet_xml(list(rows)),
        "xl/sharedStrings.xml": shared_strings
        if shared_strings is not None
        else shared_strings_xml([]),
        **(extra_parts or {}),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def shared_strings_bomb(inflated_mb: int) -> bytes:
    """A workbook whose shared strings inflate to `inflated_mb` MB from a few hundred KB: one
    string of repeated letters, as many times as it takes."""
    chunk = "A" * 30_000
    count = inflated_mb * 1024 * 1024 // len(chunk)
    header = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in {
            "[Content_Types].xml": CONTENT_TYPES,
            "_rels/.rels": PACKAGE_RELS,
            "xl/workbook.xml": WORKBOOK,
            "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
            "xl/worksheets/sheet1.xml": sheet_xml([["title"]]),
        }.items():
            archive.writestr(name, content)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(header.encode())
            item = f"<si><t>{chunk}</t></si>".encode()
            for _ in range(count):
                part.write(item)
            part.write(b"</sst>")
    return buffer.getvalue()


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz ['
    '<!ENTITY lol "lol">'
    '<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">'
    '<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">'
    '<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">'
    '<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">'
    '<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">'
    '<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">'
    f']><sst xmlns="{MAIN}"><si><t>&lol9;</t></si></sst>'
)

EXTERNAL_ENTITY = (
    '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    f'<sst xmlns="{MAIN}"><si><t>&secret;</t></si></sst>'
)


def huge_dimension(header, *, last_cell: str = "XFD1048576") -> bytes:
    """A workbook declaring the whole grid (`A1:XFD1048576`) with a header and one value in
    `last_cell`: a few KB that a reader trusting the dimension expands to 17 billion cells."""
    letters = last_cell.rstrip("0123456789")
    number = int(last_cell[len(letters) :])
    body = f'<row r="{number}"><c r="{last_cell}" t="inlineStr"><is><t>x</t></is></c></row>'
    return workbook(sheet=sheet_xml([list(header)], dimension="A1:XFD1048576", body=body))


def many_parts(count: int) -> bytes:
    return workbook(
        [["title"], ["x"]], extra_parts={f"xl/media/junk{n}.bin": b"" for n in range(count)}
    )


def encrypted_part() -> bytes:
    """A workbook whose sheet part is marked as encrypted (ZIP's traditional encryption flag)."""
    data = bytearray(workbook([["title"], ["x"]]))
    name = b"xl/worksheets/sheet1.xml"
    # Set bit 0 of the general purpose flags in the central directory entry of the sheet.
    entry = data.find(b"PK\x01\x02")
    while entry != -1:
        name_length = int.from_bytes(data[entry + 28 : entry + 30], "little")
        if data[entry + 46 : entry + 46 + name_length] == name:
            data[entry + 8] |= 0x1
            break
        entry = data.find(b"PK\x01\x02", entry + 4)
    return bytes(data)


def nested_archive() -> bytes:
    """A workbook whose sheet is itself a ZIP archive (of another workbook)."""
    inner = workbook([["title"], ["x"]])
    return workbook(sheet=inner)


OLE_ENCRYPTED = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
