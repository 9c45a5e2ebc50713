"""Reading the credential out of an uploaded PDF: hostile files get a clear refusal with a code,
never a crash, a hang or memory filled by a decompression bomb."""

import json
import zlib
from io import BytesIO

import pytest
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    StreamObject,
    TextStringObject,
)

from credentials.certificates import extraction
from credentials.certificates.extraction import CertificateFileError, extract_credential


def pdf_with_attachment(name: str, data: bytes, *, compressed: bool = True) -> bytes:
    """A one-page PDF whose EmbeddedFiles name tree holds `name` -> `data` (Flate-compressed,
    written by hand so the stored bytes are exactly these)."""
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    stream = StreamObject()
    if compressed:
        stream._data = zlib.compress(data, 9)
        stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    else:
        stream._data = data
    stream[NameObject("/Type")] = NameObject("/EmbeddedFile")
    stream_ref = writer._add_object(stream)
    spec = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Filespec"),
            NameObject("/F"): TextStringObject(name),
            NameObject("/EF"): DictionaryObject({NameObject("/F"): stream_ref}),
        }
    )
    spec_ref = writer._add_object(spec)
    tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject(name), spec_ref])})
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/EmbeddedFiles"): writer._add_object(tree)}
    )
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def refusal(pdf: bytes) -> str:
    with pytest.raises(CertificateFileError) as caught:
        extract_credential(pdf)
    assert caught.value.messages[0]  # a sentence a person can read
    return caught.value.code


def test_a_hand_made_pdf_with_a_credential_is_read():
    pdf = pdf_with_attachment("credential.json", json.dumps({"id": "urn:x"}).encode())

    assert extract_credential(pdf) == {"id": "urn:x"}


def test_an_uncompressed_attachment_is_read_too():
    pdf = pdf_with_attachment("credential.json", b'{"a": 1}', compressed=False)

    assert extract_credential(pdf) == {"a": 1}


def test_not_a_pdf():
    assert refusal(b"PK\x03\x04 this is a zip file, not a certificate") == "not_pdf"
    assert refusal(b"") == "not_pdf"


def test_a_huge_file_is_refused_before_it_is_parsed():
    assert refusal(b"%PDF-1.7\n" + b"0" * (extraction.MAX_PDF_BYTES + 1)) == "too_large"


def test_a_truncated_pdf_is_unreadable():
    whole = pdf_with_attachment("credential.json", b"{}")

    assert refusal(whole[:200]) in {"unreadable", "no_credential"}
    assert refusal(b"%PDF-1.7\n%%EOF garbage \x00\xff") in {"unreadable", "no_credential"}


def test_a_pdf_without_an_attachment_has_no_credential():
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    out = BytesIO()
    writer.write(out)

    assert refusal(out.getvalue()) == "no_credential"


def test_a_pdf_with_another_attachment_has_no_credential():
    assert refusal(pdf_with_attachment("invoice.txt", b"hello")) == "no_credential"


def test_a_decompression_bomb_stops_at_the_limit():
    bomb = pdf_with_attachment("credential.json", b"[" + b" " * 60_000_000 + b"]")

    assert len(bomb) < 200_000
    assert refusal(bomb) == "credential_too_large"


def test_malformed_json_is_refused():
    assert refusal(pdf_with_attachment("credential.json", b'{"id": ')) == "malformed_credential"
    assert refusal(pdf_with_attachment("credential.json", b"\xff\xfe{}")) == "malformed_credential"
    assert refusal(pdf_with_attachment("credential.json", b"[1, 2]")) == "malformed_credential"


def test_a_damaged_compressed_stream_is_refused():
    pdf = pdf_with_attachment("credential.json", b'{"id": 1}')
    damaged = pdf.replace(zlib.compress(b'{"id": 1}', 9)[2:8], b"\x00" * 6)

    assert refusal(damaged) in {"malformed_credential", "unreadable"}


def test_too_many_objects_is_refused(monkeypatch):
    monkeypatch.setattr(extraction, "MAX_OBJECTS", 3)
    pdf = pdf_with_attachment("credential.json", b"{}")

    assert refusal(pdf) == "too_complex"


def test_deeply_nested_attachment_trees_are_refused():
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    node = DictionaryObject({NameObject("/Names"): ArrayObject()})
    for _ in range(50):
        node = DictionaryObject({NameObject("/Kids"): ArrayObject([writer._add_object(node)])})
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/EmbeddedFiles"): writer._add_object(node)}
    )
    out = BytesIO()
    writer.write(out)

    assert refusal(out.getvalue()) == "too_complex"


def test_unknown_stream_filters_are_refused():
    pdf = pdf_with_attachment("credential.json", b"{}", compressed=False)
    pdf = pdf.replace(b"/Type /EmbeddedFile", b"/Type /EmbeddedFile /Filter /LZWDecode", 1)

    assert refusal(pdf) in {"malformed_credential", "unreadable"}
